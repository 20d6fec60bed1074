import { context } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics'
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cors } from '../src/index'
import { listen, send } from './http'
import { instrumentCors } from './otel-recipe'

const A = 'https://a.example.com'

describe('the OpenTelemetry recipe (docs/observability.md)', () => {
  const spans = new InMemorySpanExporter()
  const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }).getTracer(
    'test',
  )
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE)
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 })
  const meter = new MeterProvider({ readers: [reader] }).getMeter('crossway')
  const contextManager = new AsyncLocalStorageContextManager().enable()

  beforeAll(() => {
    context.setGlobalContextManager(contextManager)
  })
  afterAll(() => {
    context.disable()
  })

  it('puts each decision on the request span and counts decisions by reason, without the origin', async () => {
    const lines: string[] = []
    const stop = instrumentCors({ meter, log: (line) => lines.push(line) })
    const app = express()
    app.use(cors({ origin: [A] }))
    app.get('/items/:id', (_req, res) => {
      res.send('item')
    })
    // What HTTP instrumentation does: one active span per request.
    const server = await listen((req, res) =>
      tracer.startActiveSpan(`${req.method} ${req.url}`, (span) => {
        res.on('finish', () => span.end())
        app(req, res)
      }),
    )
    try {
      await send(server.url, 'GET', '/items/1', { origin: A })
      await send(server.url, 'GET', '/items/2', { origin: 'https://evil.example' })
      await send(server.url, 'OPTIONS', '/items/3', { origin: A, 'access-control-request-method': 'PUT' })
    } finally {
      stop()
      await server.close()
    }

    const attributes = spans.getFinishedSpans().map((s) => s.attributes)
    expect(attributes).toEqual([
      { 'crossway.cors.kind': 'actual', 'crossway.cors.allowed': true, 'crossway.cors.origin': A },
      {
        'crossway.cors.kind': 'actual',
        'crossway.cors.allowed': false,
        'crossway.cors.reason': 'origin',
        'crossway.cors.origin': 'https://evil.example',
      },
      { 'crossway.cors.kind': 'preflight', 'crossway.cors.allowed': true, 'crossway.cors.origin': A },
    ])

    await reader.forceFlush()
    const metric = exporter
      .getMetrics()
      .at(-1)!
      .scopeMetrics.flatMap((s) => s.metrics)
      .find((m) => m.descriptor.name === 'crossway.cors.decisions')!
    const points = metric.dataPoints.map((p) => [p.attributes, p.value])
    expect(points).toContainEqual([
      {
        'crossway.cors.kind': 'actual',
        'crossway.cors.allowed': false,
        'crossway.cors.reason': 'origin',
        'http.route': 'unrouted',
      },
      1,
    ])
    expect(points).toHaveLength(3)
    for (const [labels] of points) expect(Object.keys(labels as object)).not.toContain('crossway.cors.origin')
    expect(lines).toEqual(['crossway: refused actual GET from https://evil.example (origin)'])
  })

  it('turns a flood of 100,000 refusals into a bounded number of log lines', () => {
    const lines: string[] = []
    const stop = instrumentCors({ meter, log: (line) => lines.push(line), maxLines: 10, windowMs: 60_000 })
    const middleware = cors({ origin: [A] })
    const next = () => {}
    try {
      for (let i = 0; i < 100_000; i++) {
        const headers: Record<string, string> = {}
        const res = {
          statusCode: 200,
          setHeader: (name: string, value: string) => {
            headers[name] = value
          },
          getHeader: (name: string) => headers[name],
          end: () => {},
        }
        middleware(
          { method: 'GET', headers: { origin: `https://evil${i}.example` } } as never,
          res as never,
          next,
        )
      }
    } finally {
      stop()
    }
    expect(lines).toHaveLength(11)
    expect(lines.at(-1)).toBe('crossway: 99990 more CORS refusals not logged in the last 60000 ms')
  })
})
