package dev.stockpulse.inventory.product;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A product of one tenant; its stock lives per warehouse in StockLevel. */
@Entity
@Table(name = "product")
public class Product {

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    public String sku;
    public String name;
    public String category;

    @Column(name = "unit_price")
    public BigDecimal unitPrice;

    @Column(name = "reorder_level")
    public long reorderLevel;

    @Column(name = "reorder_quantity")
    public long reorderQuantity;

    public boolean active = true;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Set when the product is deleted; deleted products are invisible but their ledger stays. */
    @Column(name = "deleted_at")
    public Instant deletedAt;
}
