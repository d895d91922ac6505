/**
 * Built-in {@link dev.openevolve.spi.CodebaseContextProvider}s: the {@code source-tree} summary of files,
 * sizes and declarations.
 */
package dev.openevolve.internal.context;
