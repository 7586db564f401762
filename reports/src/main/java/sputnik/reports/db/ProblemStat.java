package sputnik.reports.db;

import java.util.List;

/**
 * One problem of a suite across the runs in the database ({@code db problems}).
 *
 * @param solveRate     the mean over models of each model's pass@1 on the problem (a model's runs
 *                      averaged first, so a model run fifty times does not outweigh one run once)
 * @param modelsSolving models that got it right in at least one sample
 * @param modelsAlways  models that got every sample right
 * @param best          the models with the highest pass@1 on it
 */
public record ProblemStat(String problemId, int runs, int models, long samples, long correct, double solveRate, int modelsSolving,
        int modelsAlways, List<String> best) {}
