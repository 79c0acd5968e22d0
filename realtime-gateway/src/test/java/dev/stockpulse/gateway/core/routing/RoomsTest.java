package dev.stockpulse.gateway.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoomsTest {

    @Test
    void aUserJoinsOwnAndTenantRoom() {
        assertThat(Rooms.of("t1", "alice", false)).containsExactly("user:t1:alice", "tenant:t1");
    }

    @Test
    void anAdminAlsoJoinsTheTenantsAdminRoom() {
        assertThat(Rooms.of("t1", "boss", true)).containsExactly("user:t1:boss", "tenant:t1", "admin:t1");
    }
}
