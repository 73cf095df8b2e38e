package io.github.sentryjakarta.it.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A customer of the JPA test application (WildFlyJpaIT, it-tests/quarkus-jpa); rows come from {@code shop-data.sql}. */
@Entity
@Table(name = "customers")
public class Customer {

    @Id
    private long id;

    private String name;

    public long getId() {
        return id;
    }

    public String getName() {
        return name;
    }
}
