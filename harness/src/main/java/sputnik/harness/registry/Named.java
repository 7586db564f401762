package sputnik.harness.registry;

/** Something chosen on the command line by a short name, listed with a one-line description. */
public record Named<T>(String name, String description, T value) {}
