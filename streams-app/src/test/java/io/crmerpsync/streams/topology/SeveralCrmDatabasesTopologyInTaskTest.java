package io.crmerpsync.streams.topology;

/**
 * Every test of SeveralCrmDatabasesTopologyTest again, with the topology routing re-keyed records
 * inside its one task ({@link Routing#IN_TASK}), as the application runs it when every topic it
 * reads has one partition: several CRM databases must behave the same either way.
 */
class SeveralCrmDatabasesTopologyInTaskTest extends SeveralCrmDatabasesTopologyTest {
  @Override
  Routing routing() {
    return Routing.IN_TASK;
  }
}
