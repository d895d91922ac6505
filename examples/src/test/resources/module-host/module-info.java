/** A host application on the module path: it reads only what core exports. */
module openevolve.quickstart.host {
    requires dev.openevolve.core;
}
