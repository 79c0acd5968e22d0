package dev.stockpulse.gateway.core.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Which records of a partition are duplicates, without Kafka: a span of 10 offsets. */
class RecentEventIdsTest {

    private static final int SPAN = 10;

    private final RecentEventIds ids = new RecentEventIds(SPAN);

    @Test
    void theFirstOccurrenceIsNotADuplicateAndEveryLaterOneIs() {
        assertThat(ids.repeated("t1", "e1", 0)).isFalse();
        assertThat(ids.repeated("t1", "e2", 1)).isFalse();
        assertThat(ids.repeated("t1", "e1", 2)).isTrue();
        assertThat(ids.repeated("t1", "e1", 3)).isTrue();
        assertThat(ids.repeated("t1", "e2", 4)).isTrue();
    }

    @Test
    void theSameIdOfAnotherTenantIsNotADuplicate() {
        assertThat(ids.repeated("t1", "evt-123456", 0)).isFalse();
        assertThat(ids.repeated("t2", "evt-123456", 1)).isFalse();
        assertThat(ids.repeated("t2", "evt-123456", 2)).isTrue();
        assertThat(ids.repeated("t1", "evt-123456", 3)).isTrue();
    }

    @Test
    void spanEdge_aCopyExactlySpanOffsetsLaterIsCaughtAndOneFurtherIsNot() {
        ids.repeated("t1", "e1", 100);
        assertThat(ids.repeated("t1", "e1", 100 + SPAN)).isTrue();

        RecentEventIds other = new RecentEventIds(SPAN);
        other.repeated("t1", "e1", 100);
        assertThat(other.repeated("t1", "e1", 101 + SPAN)).isFalse();
    }

    @Test
    void aChainOfCopiesEachWithinTheSpanOfThePreviousOneStaysCaught() {
        ids.repeated("t1", "e1", 0);
        assertThat(ids.repeated("t1", "e1", 9)).isTrue();
        assertThat(ids.repeated("t1", "e1", 18)).as("within the span of the copy at 9").isTrue();
    }

    @Test
    void memoryIsBoundedByTheSpan() {
        for (int offset = 0; offset < 1_000; offset++) {
            ids.repeated("t1", "e" + offset, offset);
        }
        assertThat(ids.size()).isLessThanOrEqualTo(SPAN + 1);
    }

    /**
     * Property: reading a partition from any offset at least a span before a record decides that record as reading
     * it from the beginning does. That is what makes a restarted gateway, or another instance, drop the same copies.
     */
    @Test
    void theDecisionDependsOnlyOnTheSpanBeforeTheRecord() {
        Random random = new Random(5);
        for (int run = 0; run < 200; run++) {
            List<String> partition = new ArrayList<>();
            long offset = 0;
            List<Long> offsets = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                partition.add("e" + random.nextInt(60));
                offset += 1 + (random.nextInt(10) == 0 ? 1 : 0);
                offsets.add(offset);
            }
            List<Boolean> fromStart = decide(partition, offsets, 0);
            int start = random.nextInt(150);
            int firstJudged = start;
            while (firstJudged < offsets.size() && offsets.get(firstJudged) - SPAN < offsets.get(start)) {
                firstJudged++;
            }
            List<Boolean> fromLater = decide(partition, offsets, start);
            for (int i = firstJudged; i < offsets.size(); i++) {
                assertThat(fromLater.get(i - start)).as("run %d record %d", run, i).isEqualTo(fromStart.get(i));
            }
        }
    }

    private static List<Boolean> decide(List<String> partition, List<Long> offsets, int from) {
        RecentEventIds reader = new RecentEventIds(SPAN);
        List<Boolean> duplicates = new ArrayList<>();
        for (int i = from; i < partition.size(); i++) {
            duplicates.add(reader.repeated("t1", partition.get(i), offsets.get(i)));
        }
        return duplicates;
    }
}
