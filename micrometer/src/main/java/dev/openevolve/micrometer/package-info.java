/** The Micrometer bridge: {@link dev.openevolve.micrometer.OpenEvolveMeterBinder}. */
package dev.openevolve.micrometer;
