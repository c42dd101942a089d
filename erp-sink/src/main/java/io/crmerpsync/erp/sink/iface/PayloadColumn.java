package io.crmerpsync.erp.sink.iface;

import java.util.function.Function;

/**
 * One payload column of an interface table and how to read its value from the command's payload.
 * The same list drives the SQL text and the parameter binding, so the two cannot drift apart.
 *
 * @param name column name
 * @param sqlType {@link java.sql.Types} constant, used to bind a null
 * @param value reads the column's value from the payload (may return null)
 */
record PayloadColumn<P>(String name, int sqlType, Function<P, Object> value) {}
