package io.github.sentryjakarta.internal.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BucketChunksTest {

    @Test
    void everyPlaceHasExactlyOneChunkAndOffsetAndChunksDoubleWithoutGaps() {
        int expectedChunk = 0;
        int offset = 0;
        for (int index = 0; index < 1_000_000; index++) {
            int chunk = Bucket.chunkOf(index);
            if (chunk != expectedChunk) {
                assertThat(offset).as("chunk %d is full before %d starts", expectedChunk, chunk)
                        .isEqualTo(Bucket.FIRST_CHUNK << expectedChunk);
                assertThat(chunk).isEqualTo(expectedChunk + 1);
                expectedChunk = chunk;
                offset = 0;
            }
            assertThat(index - Bucket.start(chunk)).isEqualTo(offset);
            offset++;
        }
        assertThat(Bucket.chunkOf(Integer.MAX_VALUE)).isLessThan(29);
    }
}
