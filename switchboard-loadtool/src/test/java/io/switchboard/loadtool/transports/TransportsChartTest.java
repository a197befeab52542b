package io.switchboard.loadtool.transports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class TransportsChartTest {

    @Test
    void chartIsWellFormedSvgWithOneBarPerTransportAndSeries() throws Exception {
        List<TransportsResult> results = List.of(
                result("websocket", 150, 2, 9, 40),
                result("sse", 160, 3, 12, 50),
                result("stream", 155, 3, 10, 45),
                result("longpoll", 420, 6, 80, 300),
                result("poll", 170, 500, 1000, 60));

        Document svg = parse(TransportsChart.render("200 receivers <& more>", results));

        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
        // bytes: 2 series, latency: p50 and p99, CPU: 1 series, requests: 1 series
        assertThat(bars(svg)).hasSize(5 * (2 + 2 + 1 + 1));
        assertThat(texts(svg)).contains("200 receivers <& more>", "websocket", "poll", "p50", "p99", "receivers");
    }

    @Test
    void tallerValueDrawsTallerBarAndMissingValueDrawsNone() throws Exception {
        List<TransportsResult> results =
                List.of(result("websocket", 100, 1, 2, Double.NaN), result("longpoll", 400, 1, 2, 300));

        Document svg = parse(TransportsChart.render("t", results));
        List<Element> bars = bars(svg);

        assertThat(bars).hasSize(2 * 4 + 1 + 2);
        double websocketBytes = Double.parseDouble(bars.get(0).getAttribute("height"));
        double longpollBytes = Double.parseDouble(bars.get(2).getAttribute("height"));
        assertThat(bars.get(2).getElementsByTagName("title").item(0).getTextContent())
                .isEqualTo("longpoll receivers: 400");
        assertThat(longpollBytes).isCloseTo(4 * websocketBytes, Offset.offset(0.5));
    }

    @Test
    void logScaleTicksAreWholeDecadesAroundTheValues() {
        TransportsChart.Panel panel = new TransportsChart.Panel(
                "l", "ms", true, List.of(new TransportsChart.Series("p50", "#000", new double[] {0.8, 950})));

        assertThat(TransportsChart.Scale.of(panel).ticks()).containsExactly(0.1, 1.0, 10.0, 100.0, 1000.0, 10000.0);
    }

    @Test
    void tickLabelsHaveNoTrailingZeros() {
        assertThat(TransportsChart.tickLabel(1.0)).isEqualTo("1");
        assertThat(TransportsChart.tickLabel(0.1)).isEqualTo("0.1");
        assertThat(TransportsChart.tickLabel(50.0)).isEqualTo("50");
        assertThat(TransportsChart.tickLabel(10000.0)).isEqualTo("10000");
    }

    @Test
    void niceStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(TransportsChart.niceStep(0.7)).isEqualTo(1.0);
        assertThat(TransportsChart.niceStep(13)).isEqualTo(20.0);
        assertThat(TransportsChart.niceStep(47)).isEqualTo(50.0);
    }

    static TransportsResult result(String transport, double bytes, double p50, double p99, double cpu) {
        return new TransportsResult(
                transport,
                10,
                10,
                20,
                5,
                1,
                64,
                100,
                1000,
                1000,
                0,
                0,
                p50,
                p99,
                p99,
                5,
                1000,
                0,
                0,
                0,
                0,
                0,
                100,
                bytes,
                500,
                bytes + 10,
                0,
                20,
                cpu,
                10,
                5,
                0,
                null);
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> bars(Document svg) {
        List<Element> bars = new ArrayList<>();
        NodeList rects = svg.getElementsByTagName("rect");
        for (int i = 0; i < rects.getLength(); i++) {
            Element rect = (Element) rects.item(i);
            if (rect.getAttribute("class").equals("bar")) {
                bars.add(rect);
            }
        }
        return bars;
    }

    private static List<String> texts(Document svg) {
        List<String> texts = new ArrayList<>();
        NodeList nodes = svg.getElementsByTagName("text");
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }
}
