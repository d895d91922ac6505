/**
 * The optimisation loop over HTTP. {@link dev.openevolve.server.OptimizationApi} is the
 * {@code HttpHandler} a host mounts in its own server; {@link dev.openevolve.server.ApiServer} is the
 * ready server (127.0.0.1 by default, HTTPS with a keystore); {@link dev.openevolve.server.OptimizationService}
 * is what the API drives, with {@link dev.openevolve.server.LoopOptimizationService} over the continuous-learning
 * loop ({@code dev.openevolve.loop.OptimizationLoop}) and its store; {@link dev.openevolve.server.ApiTokens} holds
 * the hashed bearer tokens.
 */
package dev.openevolve.server;
