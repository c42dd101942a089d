package io.crmerpsync.streams.topology;

/**
 * Every test of OrderPoliciesTopologyTest again, with the topology routing re-keyed records inside
 * its one task ({@link Routing#IN_TASK}), as the application runs it when every topic it reads has
 * one partition: the order policies must behave the same either way.
 */
class OrderPoliciesTopologyInTaskTest extends OrderPoliciesTopologyTest {
  @Override
  Routing routing() {
    return Routing.IN_TASK;
  }
}
