package dev.plinth.benchmarks.report;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;

/**
 * Draws the comparisons as a horizontal bar chart in SVG, written by hand: one bar per ratio on a
 * log scale, starting at 1× (parity) so that bars to the right are better and bars to the left
 * worse, coloured by verdict, with the 99.9% interval as a whisker and each target as a black mark.
 */
final class RatioChart {
    private static final String FONT = "font-family=\"Helvetica, Arial, sans-serif\"";
    private static final double CHAR_WIDTH = 7.2;
    private static final double MARGIN = 16;
    private static final double PLOT_WIDTH = 460;
    private static final double PLOT_TOP = 110;
    private static final double ROW = 28;
    private static final double GROUP_HEADER = 30;
    private static final double BAR = 14;
    private static final String MET = "#2f855a";
    private static final String MISSED = "#c53030";
    private static final String NO_TARGET = "#4a6fa5";
    private static final String TARGET = "#111111";

    private final List<GroupResult> groups;
    private final String caption;
    private final StringBuilder svg = new StringBuilder();

    /**
     * @param caption a line under the title, e.g. the profile and the date
     */
    RatioChart(List<GroupResult> groups, String caption) {
        this.groups = List.copyOf(groups);
        this.caption = caption;
    }

    String render() {
        double labelWidth = MARGIN + 12 + maxChars(rows().map(ComparisonResult::label)) * CHAR_WIDTH;
        double titleWidth = maxChars(groups.stream().map(GroupResult::title)) * CHAR_WIDTH * 1.1;
        double plotLeft = MARGIN + Math.max(labelWidth, titleWidth);
        double valueLeft = plotLeft + PLOT_WIDTH + MARGIN;
        double width = Math.max(valueLeft + maxChars(rows().map(RatioChart::valueText)) * CHAR_WIDTH,
                caption.length() * CHAR_WIDTH) + MARGIN;
        double plotBottom = PLOT_TOP + groups.size() * GROUP_HEADER + rows().count() * ROW;
        double height = plotBottom + 70;
        LogScale scale = LogScale.covering(chartValues(), plotLeft, PLOT_WIDTH);

        svg.setLength(0);
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\""
                + " height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-labelledby=\"title\">%n",
                width, height, width, height));
        svg.append("<title id=\"title\">Plinth benchmark ratios against their targets</title>\n");
        rect(0, 0, width, height, "#ffffff");
        text(MARGIN, 28, "Plinth against its targets", "font-size=\"18\" font-weight=\"bold\"");
        text(MARGIN, 50, caption, "font-size=\"12\" fill=\"#555555\"");
        grid(scale, plotBottom);
        double y = PLOT_TOP;
        for (GroupResult group : groups) {
            text(MARGIN, y + 20, group.title(), "font-size=\"14\" font-weight=\"bold\"");
            y += GROUP_HEADER;
            for (ComparisonResult row : group.rows()) {
                row(row, scale, y, valueLeft);
                y += ROW;
            }
        }
        legend(plotBottom + 50);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private Stream<ComparisonResult> rows() {
        return groups.stream().flatMap(group -> group.rows().stream());
    }

    /** Every value, interval end and target the axis must hold. */
    private DoubleStream chartValues() {
        return rows().map(ComparisonResult::evaluation).flatMapToDouble(evaluation -> DoubleStream.concat(
                evaluation.chartValue().stream().flatMapToDouble(value -> value.hasError()
                        ? DoubleStream.of(value.value(), value.value() - value.error(), value.value() + value.error())
                        : DoubleStream.of(value.value())),
                evaluation.chartTarget().stream()));
    }

    /** Grid lines at each decade (and at 2× and 5× when there are few), labelled above and below. */
    private void grid(LogScale scale, double plotBottom) {
        if (scale.decadeCount() <= 3) {
            for (double tick : scale.minorTicks()) {
                line(scale.x(tick), PLOT_TOP, scale.x(tick), plotBottom, "#f0f0f0", 1);
            }
        }
        for (double decade : scale.decades()) {
            double x = scale.x(decade);
            line(x, PLOT_TOP - 6, x, plotBottom + 6, decade == 1 ? "#777777" : "#d8d8d8", decade == 1 ? 1.5 : 1);
            String label = BigDecimal.valueOf(decade).stripTrailingZeros().toPlainString() + "×";
            text(x, PLOT_TOP - 12, label, "font-size=\"12\" text-anchor=\"middle\" fill=\"#444444\"");
            text(x, plotBottom + 20, label, "font-size=\"12\" text-anchor=\"middle\" fill=\"#444444\"");
        }
        text(scale.x(1), PLOT_TOP - 32, "worse ← 1× → better",
                "font-size=\"11\" text-anchor=\"middle\" fill=\"#777777\"");
    }

    private void row(ComparisonResult row, LogScale scale, double top, double valueLeft) {
        Evaluation evaluation = row.evaluation();
        double middle = top + ROW / 2;
        text(MARGIN + 12, middle + 4, row.label(), "font-size=\"13\"");
        if (evaluation.chartValue().isEmpty()) {
            text(scale.x(1) + 6, middle + 4, "not measured", "font-size=\"12\" font-style=\"italic\" fill=\"#888888\"");
            return;
        }
        Estimate value = evaluation.chartValue().get();
        double one = scale.x(1);
        double end = scale.x(value.value());
        rect(Math.min(one, end), middle - BAR / 2, Math.max(Math.abs(end - one), 1), BAR, colour(evaluation.verdict()));
        if (value.hasError()) {
            whisker(scale, value, middle);
        }
        evaluation.chartTarget().ifPresent(target ->
                line(scale.x(target), top + 3, scale.x(target), top + ROW - 3, TARGET, 2.5));
        text(valueLeft, middle + 4, valueText(row), "font-size=\"12\" fill=\"#333333\"");
    }

    /** The interval as a line with end caps; a lower end at or below zero, off the log axis, gets no cap. */
    private void whisker(LogScale scale, Estimate value, double middle) {
        double lowValue = value.value() - value.error();
        double low = scale.x(lowValue);
        double high = scale.x(value.value() + value.error());
        line(low, middle, high, middle, "#222222", 1);
        if (lowValue > 0) {
            line(low, middle - 4, low, middle + 4, "#222222", 1);
        }
        line(high, middle - 4, high, middle + 4, "#222222", 1);
    }

    private static String valueText(ComparisonResult row) {
        Evaluation evaluation = row.evaluation();
        if (evaluation.verdict() == Verdict.NOT_MEASURED) {
            return "";
        }
        return evaluation.measured()
                + (evaluation.target().equals(Evaluation.NO_TARGET) ? "" : " (target " + evaluation.target() + ")");
    }

    private void legend(double y) {
        double x = MARGIN;
        x = legendBar(x, y, MET, "target met");
        x = legendBar(x, y, MISSED, "target missed");
        x = legendBar(x, y, NO_TARGET, "no target");
        line(x + 5, y - 10, x + 5, y + 4, TARGET, 2.5);
        text(x + 14, y, "target", "font-size=\"12\"");
        x += 80;
        line(x, y - 3, x + 24, y - 3, "#222222", 1);
        line(x, y - 7, x, y + 1, "#222222", 1);
        line(x + 24, y - 7, x + 24, y + 1, "#222222", 1);
        text(x + 32, y, "99.9% interval", "font-size=\"12\"");
    }

    private double legendBar(double x, double y, String colour, String label) {
        rect(x, y - 10, 18, 12, colour);
        text(x + 24, y, label, "font-size=\"12\"");
        return x + 24 + label.length() * CHAR_WIDTH + 20;
    }

    private static String colour(Verdict verdict) {
        return switch (verdict) {
            case MET -> MET;
            case MISSED -> MISSED;
            case NO_TARGET, NOT_MEASURED -> NO_TARGET;
        };
    }

    private static int maxChars(Stream<String> texts) {
        return texts.mapToInt(String::length).max().orElse(0);
    }

    private void rect(double x, double y, double width, double height, String fill) {
        svg.append(String.format(Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
                x, y, width, height, fill));
    }

    private void line(double x1, double y1, double x2, double y2, String stroke, double strokeWidth) {
        svg.append(String.format(Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"/>%n",
                x1, y1, x2, y2, stroke, strokeWidth));
    }

    private void text(double x, double y, String content, String attributes) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" %s %s>%s</text>%n", x, y, FONT, attributes,
                escape(content)));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
