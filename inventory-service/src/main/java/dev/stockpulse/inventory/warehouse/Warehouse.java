package dev.stockpulse.inventory.warehouse;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A stock location of one tenant. */
@Entity
@Table(name = "warehouse")
public class Warehouse {

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    public String code;
    public String name;
    public String location;

    @Column(name = "created_at")
    public Instant createdAt;
}
