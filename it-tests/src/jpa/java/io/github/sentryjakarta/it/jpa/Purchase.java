package io.github.sentryjakarta.it.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A purchase of a {@link Customer}; {@code item} holds card-like text that must never reach a span. */
@Entity
@Table(name = "purchases")
public class Purchase {

    @Id
    private long id;

    private String item;

    private long amount;

    @ManyToOne(fetch = FetchType.LAZY)
    private Customer customer;

    public long getAmount() {
        return amount;
    }
}
