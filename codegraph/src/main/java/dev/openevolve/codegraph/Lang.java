package dev.openevolve.codegraph;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.treesitter.TSLanguage;
import org.treesitter.TreeSitterGo;
import org.treesitter.TreeSitterJava;
import org.treesitter.TreeSitterJavascript;
import org.treesitter.TreeSitterPython;
import org.treesitter.TreeSitterRust;
import org.treesitter.TreeSitterTsx;
import org.treesitter.TreeSitterTypescript;

/**
 * The languages the graph parses: file extensions, the tree-sitter grammar and one query per language.
 *
 * <p>Capture names the indexer understands: {@code definition} (the whole declaration) with one of {@code type},
 * {@code function} or {@code method} (its name) and optionally {@code container} (an owner named outside the
 * declaration's lexical scope, as a Go method's receiver type); {@code scope} with {@code scope.name} (a block
 * whose functions are methods of that name, as a Rust {@code impl}); {@code import}; {@code call} with
 * {@code callee} and optionally {@code receiver}, or with {@code component} (a JSX element name: a call when it is
 * capitalised); {@code typeref} (a use of a type name).
 */
enum Lang {
    JAVA("java", "//", TreeSitterJava::new, """
            (class_declaration name: (identifier) @type) @definition
            (interface_declaration name: (identifier) @type) @definition
            (enum_declaration name: (identifier) @type) @definition
            (record_declaration name: (identifier) @type) @definition
            (annotation_type_declaration name: (identifier) @type) @definition
            (method_declaration name: (identifier) @method) @definition
            (constructor_declaration name: (identifier) @method) @definition
            (import_declaration) @import
            (method_invocation object: (_)? @receiver name: (identifier) @callee) @call
            (object_creation_expression type: (type_identifier) @callee) @call
            (type_identifier) @typeref
            """, "java"),
    PYTHON("python", "#", TreeSitterPython::new, """
            (class_definition name: (identifier) @type) @definition
            (function_definition name: (identifier) @function) @definition
            (import_statement) @import
            (import_from_statement) @import
            (call function: (identifier) @callee) @call
            (call function: (attribute object: (_) @receiver attribute: (identifier) @callee)) @call
            (type (identifier) @typeref)
            """, "py", "pyi"),
    JAVASCRIPT("javascript", "//", TreeSitterJavascript::new, """
            (class_declaration name: (identifier) @type) @definition
            """ + Queries.ECMASCRIPT + Queries.JSX, "js", "mjs", "cjs", "jsx"),
    TYPESCRIPT("typescript", "//", TreeSitterTypescript::new, Queries.TYPESCRIPT, "ts", "mts", "cts"),
    /** TypeScript with JSX: the TypeScript query plus components used as elements ({@code <Cart />} calls Cart). */
    TSX("typescript", "//", TreeSitterTsx::new, Queries.TYPESCRIPT + Queries.JSX, "tsx"),
    GO("go", "//", TreeSitterGo::new, """
            (function_declaration name: (identifier) @function) @definition
            (method_declaration receiver: (parameter_list (parameter_declaration type: [(type_identifier) @container (pointer_type (type_identifier) @container)])) name: (field_identifier) @method) @definition
            (type_spec name: (type_identifier) @type) @definition
            (import_spec) @import
            (call_expression function: (identifier) @callee) @call
            (call_expression function: (selector_expression operand: (_) @receiver field: (field_identifier) @callee)) @call
            (type_identifier) @typeref
            """, "go"),
    RUST("rust", "//", TreeSitterRust::new, """
            (function_item name: (identifier) @function) @definition
            (struct_item name: (type_identifier) @type) @definition
            (enum_item name: (type_identifier) @type) @definition
            (trait_item name: (type_identifier) @type) @definition
            (union_item name: (type_identifier) @type) @definition
            (type_item name: (type_identifier) @type) @definition
            (impl_item type: (type_identifier) @scope.name) @scope
            (impl_item type: (generic_type type: (type_identifier) @scope.name)) @scope
            (use_declaration) @import
            (call_expression function: (identifier) @callee) @call
            (call_expression function: (field_expression value: (_) @receiver field: (field_identifier) @callee)) @call
            (call_expression function: (scoped_identifier path: (_) @receiver name: (identifier) @callee)) @call
            (type_identifier) @typeref
            """, "rs");

    private static final Map<String, Lang> BY_EXTENSION = byExtension();

    /** Query text shared by several languages. */
    private static final class Queries {
        /** Functions, methods, imports and calls, alike in JavaScript and TypeScript. */
        static final String ECMASCRIPT = """
                (function_declaration name: (identifier) @function) @definition
                (generator_function_declaration name: (identifier) @function) @definition
                (method_definition name: (property_identifier) @method) @definition
                (variable_declarator name: (identifier) @function value: [(arrow_function) (function_expression)]) @definition
                (import_statement) @import
                (call_expression function: (identifier) @callee) @call
                (call_expression function: (member_expression object: (_) @receiver property: (property_identifier) @callee)) @call
                (new_expression constructor: (identifier) @callee) @call
                """;
        static final String TYPESCRIPT = """
                (class_declaration name: (type_identifier) @type) @definition
                (abstract_class_declaration name: (type_identifier) @type) @definition
                (interface_declaration name: (type_identifier) @type) @definition
                (type_alias_declaration name: (type_identifier) @type) @definition
                (enum_declaration name: (identifier) @type) @definition
                """ + ECMASCRIPT + """
                (type_identifier) @typeref
                """;
        /** A capitalised element name is a component (a call); a lower-case one is an HTML tag and is skipped. */
        static final String JSX = """
                (jsx_opening_element name: (identifier) @component) @call
                (jsx_self_closing_element name: (identifier) @component) @call
                """;

        private Queries() {
        }
    }

    private final String id;
    private final String lineComment;
    private final Supplier<TSLanguage> grammar;
    private final String query;
    private final String[] extensions;

    Lang(String id, String lineComment, Supplier<TSLanguage> grammar, String query, String... extensions) {
        this.id = id;
        this.lineComment = lineComment;
        this.grammar = grammar;
        this.query = query;
        this.extensions = extensions;
    }

    String id() {
        return id;
    }

    /** How a line comment starts: {@code //} or {@code #}. */
    String lineComment() {
        return lineComment;
    }

    /** A new grammar handle; loads the grammar's native library on first use. */
    TSLanguage grammar() {
        return grammar.get();
    }

    String query() {
        return query;
    }

    /** The language of a file name, by its extension. */
    static Optional<Lang> of(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? Optional.empty()
                : Optional.ofNullable(BY_EXTENSION.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }

    private static Map<String, Lang> byExtension() {
        var map = new java.util.HashMap<String, Lang>();
        for (Lang lang : values()) {
            for (String e : lang.extensions) {
                map.put(e, lang);
            }
        }
        return Map.copyOf(map);
    }
}
