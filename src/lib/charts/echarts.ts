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
import { BarChart, LineChart } from 'echarts/charts';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent
} from 'echarts/components';
import type {
  AriaComponentOption,
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
  // Required for `aria: { enabled: true }`; it is not part of echarts/core.
  AriaComponent,
  CanvasRenderer
]);

/** Options the registered parts understand (ECharts' `ComposeOption`). */
export type EChartsOption = echarts.ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | AriaComponentOption
>;

export type EChartsInstance = echarts.EChartsType;
export type { MarkLineComponentOption, TooltipComponentOption };

export { echarts };
