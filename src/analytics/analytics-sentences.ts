/** Why a model cannot be fitted, in English (the app translates the same keys, src/ui/messages). */
export const analyticsSentences = {
  'analytics.forecastTooShort': 'A forecast needs at least 4 periods of history.',
  'analytics.forecastHistoryQuarter': 'A forecast needs at least 8 quarters of history; this series has {count}.',
  'analytics.forecastHistoryMonth': 'A forecast needs at least 8 months of history; this series has {count}.',
  'analytics.forecastHistoryWeek': 'A forecast needs at least 8 weeks of history; this series has {count}.',
  'analytics.forecastHistoryDay': 'A forecast needs at least 8 days of history; this series has {count}.',
  'analytics.forecastNoModel': 'No exponential-smoothing model could be fitted to this series.',
} as const;

export type AnalyticsSentenceKey = keyof typeof analyticsSentences;
