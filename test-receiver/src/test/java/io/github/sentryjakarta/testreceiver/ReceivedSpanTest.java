package io.github.sentryjakarta.testreceiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReceivedSpanTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text.replace('\'', '"'))).readObject();
    }

    @Test
    void aSpanV2ItemKeepsItsIdsTimesAndTypedAttributes() {
        ReceivedSpan span = ReceivedSpan.fromSpanV2(json("{'trace_id':'" + TRACE + "','span_id':'a939e9311a1a31c8',"
                + "'parent_span_id':'a707f42eec04b92a','name':'SELECT orders','status':'ok','is_segment':false,"
                + "'start_timestamp':1700000000.5,'end_timestamp':1700000000.75,'attributes':{"
                + "'sentry.op':{'type':'string','value':'db'},'sentry.origin':{'type':'string','value':'auto.db'},"
                + "'rows':{'type':'integer','value':3},'ratio':{'type':'double','value':1},"
                + "'flag':{'type':'boolean','value':true},'tags':{'type':'array','value':['a','b']}}}"));

        assertThat(span.traceId()).isEqualTo(TRACE);
        assertThat(span.spanId()).isEqualTo("a939e9311a1a31c8");
        assertThat(span.parentSpanId()).isEqualTo("a707f42eec04b92a");
        assertThat(span.name()).isEqualTo("SELECT orders");
        assertThat(span.op()).isEqualTo("db");
        assertThat(span.origin()).isEqualTo("auto.db");
        assertThat(span.status()).isEqualTo("ok");
        assertThat(span.segment()).isFalse();
        assertThat(span.durationMillis()).isEqualTo(250.0);
        assertThat(span.attr("rows")).isEqualTo(3L);
        assertThat(span.attr("ratio")).isEqualTo(1.0);
        assertThat(span.attr("flag")).isEqualTo(true);
        assertThat(span.attr("tags")).isEqualTo(List.of("a", "b"));
        assertThat(span.attrText("rows")).isEqualTo("3");
        assertThat(span.attr("absent")).isNull();
    }

    @Test
    void anAttributeWhoseValueContradictsItsTypeIsNotRead() {
        JsonObject span = json("{'trace_id':'" + TRACE + "','span_id':'a939e9311a1a31c8','name':'x','status':'ok',"
                + "'attributes':{'rows':{'type':'integer','value':'3'}}}");

        assertThatThrownBy(() -> ReceivedSpan.fromSpanV2(span)).hasMessageContaining("rows");
    }

    @Test
    void aTransactionReadsAsItsRootThenItsChildrenWithStatusesInSpanV2Words() {
        List<ReceivedSpan> spans = ReceivedSpan.fromTransaction(json("{'transaction':'GET /orders/{id}',"
                + "'start_timestamp':1.0,'timestamp':2.0,'contexts':{'trace':{'trace_id':'" + TRACE + "',"
                + "'span_id':'a939e9311a1a31c8','op':'http.server','status':'internal_error',"
                + "'data':{'http.response.status_code':500}}},'spans':[{'trace_id':'" + TRACE + "',"
                + "'span_id':'a707f42eec04b92a','parent_span_id':'a939e9311a1a31c8','description':'find',"
                + "'start_timestamp':1.25,'timestamp':1.5,'status':'ok','origin':'manual'}]}"));

        assertThat(spans).hasSize(2);
        ReceivedSpan root = spans.get(0);
        assertThat(root.name()).isEqualTo("GET /orders/{id}");
        assertThat(root.segment()).isTrue();
        assertThat(root.parentSpanId()).isNull();
        assertThat(root.op()).isEqualTo("http.server");
        assertThat(root.status()).isEqualTo("error");
        assertThat(root.sentStatus()).isEqualTo("internal_error");
        assertThat(root.attr("http.response.status_code")).isEqualTo(500L);
        assertThat(root.durationMillis()).isEqualTo(1000.0);
        ReceivedSpan child = spans.get(1);
        assertThat(child.name()).isEqualTo("find");
        assertThat(child.segment()).isFalse();
        assertThat(child.parentSpanId()).isEqualTo(root.spanId());
        assertThat(child.op()).isEqualTo("default");
        assertThat(child.origin()).isEqualTo("manual");
        assertThat(child.status()).isEqualTo("ok");
    }
}
