/**
 * The one place that loads ECharts. Everything comes from the tree-shakeable
 * `echarts/*` entries and only what the chart builders use is registered, so the
 * page does not ship the whole library.
 *
 * When a new builder needs another chart type or component: register it here AND
 * add its option type to `EChartsOption` below, so that an option using an
 * unregistered component does not type-check.
 */
import * as echarts from 'echarts/core';
import { BarChart, BoxplotChart, CustomChart, HeatmapChart, LineChart, SankeyChart, ScatterChart } from 'echarts/charts';
import type {
  BarSeriesOption,
  BoxplotSeriesOption,
  CustomSeriesOption,
  HeatmapSeriesOption,
  LineSeriesOption,
  SankeySeriesOption,
  ScatterSeriesOption
} from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapContinuousComponent
} from 'echarts/components';
import type {
  AriaComponentOption,
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  TitleComponentOption,
  TooltipComponentOption
} from 'echarts/components';
// Type only (erased): 'echarts/components' exports just the continuous|piecewise union.
import type { ContinuousVisualMapComponentOption, CustomSeriesRenderItem } from 'echarts';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  LineChart,
  HeatmapChart,
  BoxplotChart,
  SankeyChart,
  ScatterChart,
  // Error bars over bars (charts/campaigns.ts), which ECharts has no series for.
  CustomChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  // The heatmap's colour ramp (continuous only; the piecewise kind is not used).
  VisualMapContinuousComponent,
  // Required for `aria: { enabled: true }`; it is not part of echarts/core.
  AriaComponent,
  CanvasRenderer
]);

/** Options the registered parts understand (ECharts' `ComposeOption`). */
export type EChartsOption = echarts.ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | HeatmapSeriesOption
  | BoxplotSeriesOption
  | SankeySeriesOption
  | ScatterSeriesOption
  | CustomSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | TitleComponentOption
  | ContinuousVisualMapComponentOption
  | AriaComponentOption
>;

export type EChartsInstance = echarts.EChartsType;
export type { CustomSeriesRenderItem, MarkLineComponentOption, TooltipComponentOption };

export { echarts };
