package dev.stockpulse.sales.order;

import java.math.BigDecimal;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One product of an order, at the catalogue price when it was ordered. */
@Entity
@Table(name = "sales_order_line")
public class OrderLineItem {

    @Id
    public UUID id;

    @Column(name = "order_id", nullable = false, updatable = false)
    public UUID orderId;

    @Column(name = "line_no", nullable = false, updatable = false)
    public int lineNo;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(name = "product_id", nullable = false, updatable = false)
    public String productId;

    public long quantity;

    @Column(name = "unit_price")
    public BigDecimal unitPrice;
}
