package io.crmerpsync.streams.conflict;

import java.io.Reader;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the conflict policies of the mapping file (YAML). Every problem stops start-up with the
 * file, the line and what is wrong: an unknown entity or field, an unknown policy or source, a
 * field named twice (which would give it two owners).
 *
 * <pre>
 * sources: [crm, erp]            # ranked, most trusted first
 * entities:
 *   customer:
 *     default: {owner: crm}
 *     review-window-ms: 10000
 *     fields:
 *       credit_limit: {owner: erp}
 *       phone: {policy: newest-wins}
 *       email: {policy: priority}
 *       street: {policy: review}
 * </pre>
 */
public final class MappingFile {
  private static final Set<String> POLICIES = Set.of("newest-wins", "priority", "review");

  private final String origin;

  private MappingFile(String origin) {
    this.origin = origin;
  }

  /** A problem in the mapping file, with the file and line it is on. */
  public static final class MappingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MappingException(String message) {
      super(message);
    }
  }

  /**
   * The rules per entity in {@code yaml}; {@code knownFields} lists, per entity, the fields a rule
   * may name.
   */
  public static Map<String, EntityRules> parse(
      String yaml, String origin, Map<String, Set<String>> knownFields) {
    return parse(yaml, origin, knownFields, knownFields.keySet());
  }

  /**
   * The rules per entity in {@code yaml}, where only the entities in {@code reviewable} may use the
   * {@code review} policy (it needs an operator's resolution path, which orders do not have).
   */
  public static Map<String, EntityRules> parse(
      String yaml, String origin, Map<String, Set<String>> knownFields, Set<String> reviewable) {
    MappingFile file = new MappingFile(origin);
    file.reviewable = Set.copyOf(reviewable);
    return file.read(new StringReader(yaml), knownFields);
  }

  private Set<String> reviewable = Set.of();

  private Map<String, EntityRules> read(Reader reader, Map<String, Set<String>> knownFields) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Node root;
    try {
      root = new Yaml(options).compose(reader);
    } catch (MarkedYAMLException e) {
      throw new MappingException(
          origin + ":" + (e.getProblemMark().getLine() + 1) + ": " + e.getProblem());
    }
    MappingNode top = mapping(root, "the mapping file");
    List<String> sources = new ArrayList<>();
    Map<String, EntityRules> entities = new LinkedHashMap<>();
    for (NodeTuple entry : top.getValue()) {
      String key = scalar(entry.getKeyNode(), "a key");
      switch (key) {
        case "sources" -> {
          for (Node source : sequence(entry.getValueNode(), "sources").getValue()) {
            String name = scalar(source, "a source name");
            if (sources.contains(name)) {
              throw error(source, "source '" + name + "' is listed twice");
            }
            sources.add(name);
          }
        }
        case "entities" -> {
          for (NodeTuple entity : mapping(entry.getValueNode(), "entities").getValue()) {
            String name = scalar(entity.getKeyNode(), "an entity name");
            Set<String> fields = knownFields.get(name);
            if (fields == null) {
              throw error(
                  entity.getKeyNode(),
                  "unknown entity '" + name + "' (known: " + knownFields.keySet() + ")");
            }
            entities.put(name, entityRules(name, entity.getValueNode(), fields, sources));
          }
        }
        default -> throw error(entry.getKeyNode(), "unknown key '" + key + "' (sources, entities)");
      }
    }
    if (sources.isEmpty()) {
      throw new MappingException(origin + ": 'sources' (ranked list of source names) is missing");
    }
    return entities;
  }

  private EntityRules entityRules(
      String entity, Node node, Set<String> knownFields, List<String> sources) {
    Policy defaultPolicy = new Policy.Owner(sources.isEmpty() ? "crm" : sources.get(0));
    Duration window = Duration.ofSeconds(10);
    Map<String, Node> fieldNodes = new LinkedHashMap<>();
    Node defaultNode = null;
    for (NodeTuple entry : mapping(node, "entity " + entity).getValue()) {
      String key = scalar(entry.getKeyNode(), "a key");
      switch (key) {
        case "default" -> defaultNode = entry.getValueNode();
        case "review-window-ms" -> window = Duration.ofMillis(number(entry.getValueNode()));
        case "fields" -> {
          for (NodeTuple field : mapping(entry.getValueNode(), "fields").getValue()) {
            String name = scalar(field.getKeyNode(), "a field name");
            if (!knownFields.contains(name)) {
              throw error(
                  field.getKeyNode(),
                  "unknown field '" + name + "' of " + entity + " (known: " + knownFields + ")");
            }
            if (fieldNodes.containsKey(name)) {
              throw error(
                  field.getKeyNode(), "field '" + name + "' of " + entity + " is given twice");
            }
            fieldNodes.put(name, field.getValueNode());
          }
        }
        default ->
            throw error(
                entry.getKeyNode(),
                "unknown key '"
                    + key
                    + "' in entity "
                    + entity
                    + " (default, review-window-ms,"
                    + " fields)");
      }
    }
    if (defaultNode != null) {
      defaultPolicy = policy(entity, defaultNode, sources, window);
    }
    Map<String, Policy> fields = new HashMap<>();
    for (Map.Entry<String, Node> field : fieldNodes.entrySet()) {
      fields.put(field.getKey(), policy(entity, field.getValue(), sources, window));
    }
    return new EntityRules(entity, fields, defaultPolicy, sources);
  }

  private Policy policy(String entity, Node node, List<String> sources, Duration window) {
    MappingNode map = mapping(node, "a policy");
    String owner = null;
    String policy = null;
    for (NodeTuple entry : map.getValue()) {
      String key = scalar(entry.getKeyNode(), "a key");
      String value = scalar(entry.getValueNode(), key);
      switch (key) {
        case "owner" -> {
          if (!sources.contains(value)) {
            throw error(entry.getValueNode(), "owner '" + value + "' is not a source " + sources);
          }
          owner = value;
        }
        case "policy" -> {
          if (!POLICIES.contains(value)) {
            throw error(
                entry.getValueNode(),
                "unknown policy '" + value + "' (owner: <source>, or policy: " + POLICIES + ")");
          }
          if (value.equals("review") && !reviewable.contains(entity)) {
            throw error(
                entry.getValueNode(),
                "policy 'review' is not available for "
                    + entity
                    + " fields (only for "
                    + new java.util.TreeSet<>(reviewable)
                    + "); use owner, newest-wins or priority");
          }
          policy = value;
        }
        default -> throw error(entry.getKeyNode(), "unknown key '" + key + "' (owner, policy)");
      }
    }
    if ((owner == null) == (policy == null)) {
      throw error(node, "give exactly one of 'owner: <source>' or 'policy: <name>'");
    }
    if (owner != null) {
      return new Policy.Owner(owner);
    }
    return switch (policy) {
      case "newest-wins" -> new Policy.NewestWins();
      case "priority" -> new Policy.Priority();
      default -> new Policy.Review(window);
    };
  }

  private MappingNode mapping(Node node, String what) {
    if (node instanceof MappingNode map) {
      return map;
    }
    throw error(node, what + " must be a mapping (key: value)");
  }

  private SequenceNode sequence(Node node, String what) {
    if (node instanceof SequenceNode list) {
      return list;
    }
    throw error(node, what + " must be a list [a, b]");
  }

  private String scalar(Node node, String what) {
    if (node instanceof ScalarNode value) {
      return value.getValue();
    }
    throw error(node, what + " must be a single value");
  }

  private long number(Node node) {
    String text = scalar(node, "a number");
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw error(node, "'" + text + "' is not a whole number");
    }
  }

  private MappingException error(Node node, String problem) {
    int line = node == null ? 0 : node.getStartMark().getLine() + 1;
    return new MappingException(origin + ":" + line + ": " + problem);
  }
}
