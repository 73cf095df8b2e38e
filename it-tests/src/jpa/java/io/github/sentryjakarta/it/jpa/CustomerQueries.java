package io.github.sentryjakarta.it.jpa;

import io.github.sentryjakarta.cdi.SentrySpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * JPA work in {@code @SentrySpan} methods, shared by WildFlyJpaIT's WAR and the it-tests/quarkus-jpa application
 * (source folder it-tests/src/jpa/java): the query spans made by the {@code jdbc:sentry:} data source are
 * children of these spans. No Sentry code besides the annotation.
 */
@ApplicationScoped
public class CustomerQueries {

    @PersistenceContext
    EntityManager entityManager;

    /** A lookup by id, a JPQL query with a parameter, and a native query with an inlined card-like literal. */
    @SentrySpan
    @Transactional
    public String purchases(long customerId) {
        Customer customer = entityManager.find(Customer.class, customerId);
        long total = entityManager.createQuery("select p from Purchase p where p.customer.id = :id", Purchase.class)
                .setParameter("id", customerId).getResultList().stream().mapToLong(Purchase::getAmount).sum();
        Number cards = (Number) entityManager
                .createNativeQuery("SELECT COUNT(*) FROM purchases WHERE item = 'card 4111111111111111'").getSingleResult();
        return customer.getName() + " spent " + total + " (" + cards + " by card)";
    }

    /** The N+1 pattern: one query for the customers, then one per customer for its purchases. */
    @SentrySpan
    @Transactional
    public String report() {
        List<Customer> customers = entityManager.createQuery("select c from Customer c order by c.id", Customer.class)
                .getResultList();
        StringBuilder report = new StringBuilder();
        for (Customer customer : customers) {
            long total = entityManager.createQuery("select p from Purchase p where p.customer.id = :id", Purchase.class)
                    .setParameter("id", customer.getId()).getResultList().stream().mapToLong(Purchase::getAmount).sum();
            report.append(customer.getName()).append('=').append(total).append(';');
        }
        return report.toString();
    }

    /** A statement the database refuses: the query span ends as an error, the request answers 500. */
    @SentrySpan
    @Transactional
    public Object broken() {
        return entityManager.createNativeQuery("SELECT * FROM missing_table").getResultList();
    }
}
