/**
 * The OpenEvolve plugin contracts and the immutable values they exchange. Plugins require this module
 * only; it depends on nothing beyond {@code java.base}.
 */
module dev.openevolve.spi {
    exports dev.openevolve.spi;
}
