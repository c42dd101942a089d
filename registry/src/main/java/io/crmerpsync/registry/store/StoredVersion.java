package io.crmerpsync.registry.store;

/** One registered version of a subject as the registry holds it. */
public record StoredVersion(
    String subject, int version, int id, String schemaType, String schema, boolean deleted) {}
