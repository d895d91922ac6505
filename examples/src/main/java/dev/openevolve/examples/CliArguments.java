package dev.openevolve.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The command line split into a command, positional arguments and {@code --options}. */
record CliArguments(String command, List<String> positional, Map<String, String> options) {

    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static CliArguments parse(String[] args, Set<String> knownOptions) {
        if (args.length == 0) {
            throw new UsageException("no command given");
        }
        var positional = new ArrayList<String>();
        var options = new LinkedHashMap<String, String>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                String name = a.substring(2);
                String value;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else {
                    if (i + 1 >= args.length) {
                        throw new UsageException("option --" + name + " needs a value");
                    }
                    value = args[++i];
                }
                if (!knownOptions.contains(name)) {
                    throw new UsageException("unknown option --" + name + " (known: --" + String.join(", --",
                            knownOptions.stream().sorted().toList()) + ")");
                }
                options.put(name, value);
            } else {
                positional.add(a);
            }
        }
        return new CliArguments(args[0], List.copyOf(positional), Map.copyOf(options));
    }

    Optional<Path> path(String option) {
        return Optional.ofNullable(options.get(option)).map(Path::of);
    }

    Optional<Integer> positiveInt(String option) {
        String v = options.get(option);
        if (v == null) {
            return Optional.empty();
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return Optional.of(n);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + option + " must be a whole number of at least 1 but was '" + v + "'");
        }
    }
}
