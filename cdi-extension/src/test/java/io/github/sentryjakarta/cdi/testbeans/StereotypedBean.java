package io.github.sentryjakarta.cdi.testbeans;

/** Traced through its stereotype. */
@TracedService
public class StereotypedBean {

    public String viaStereotype() {
        return "stereo";
    }
}
