package dev.openevolve.plugin;

/** A service interface only these tests provide, so that the ids found are exactly the tests' own. */
public interface TestService {
    /** The provider id. */
    String name();
}
