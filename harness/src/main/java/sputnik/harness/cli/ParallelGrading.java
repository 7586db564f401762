package sputnik.harness.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import sputnik.harness.api.Completion;
import sputnik.harness.api.Grade;
import sputnik.harness.api.Grader;
import sputnik.harness.api.Problem;

/** Grades many responses on {@code workers} threads; the grades come back in input order. */
final class ParallelGrading {
    private ParallelGrading() {}

    record Item(Problem problem, Completion completion) {}

    static List<Grade> gradeAll(Grader grader, List<Item> items, int workers) throws InterruptedException {
        if (workers <= 1 || items.size() <= 1) {
            List<Grade> out = new ArrayList<>(items.size());
            for (Item i : items) out.add(grader.grade(i.problem(), i.completion()));
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(workers, items.size()), r -> {
            Thread t = new Thread(r, "sputnik-grade");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Grade>> futures = new ArrayList<>(items.size());
            for (Item i : items) futures.add(pool.submit(() -> grader.grade(i.problem(), i.completion())));
            List<Grade> out = new ArrayList<>(items.size());
            for (Future<Grade> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) throw re;
                    if (e.getCause() instanceof Error err) throw err;
                    throw new IllegalStateException(e.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
