package io.github.sentryjakarta.it.quarkusjpa;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A customer of the Quarkus JPA test application (as in it-tests' WildFlyJpaIT); rows come from {@code shop-data.sql}. */
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
