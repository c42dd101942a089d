package io.crmerpsync.streams.customer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A concurrent edit that the review policy would not settle, for {@code sync.conflicts.v1}: both
 * values with their sources and commit times, and the agreed value the field went back to. An
 * operator's resolution will be an event of its own.
 */
public record CustomerConflict(
    String entity,
    long customerId,
    String field,
    String rule,
    JsonNode agreedValue,
    String firstSource,
    JsonNode firstValue,
    long firstCommitTimeMs,
    String secondSource,
    JsonNode secondValue,
    long secondCommitTimeMs) {}
