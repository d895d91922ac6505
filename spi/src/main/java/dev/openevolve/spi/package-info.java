/**
 * The contracts a plugin implements and the immutable values they exchange.
 *
 * <p>Plugins depend on this package only, never on the engine's internals. Each provider
 * interface ({@link dev.openevolve.spi.EvaluatorProvider}, {@link dev.openevolve.spi.LanguageModelProvider},
 * {@link dev.openevolve.spi.StoreProvider}, {@link dev.openevolve.spi.CodebaseContextProvider}) is found by
 * {@link java.util.ServiceLoader} under a stable id; nothing is switched on merely by being on the
 * class path: the host picks a provider by id or passes an instance.
 *
 * <p>Every value type here is an immutable record that copies the collections it receives and
 * is therefore safe to share between threads.
 */
package dev.openevolve.spi;
