#!/usr/bin/env python3
"""Search latency against a running AppHost (docs/benchmarks.md, "Search across bars"): 50 sequential
GET /api/search per query, then paging through one broad query. Seed first with the load tool."""
import time, urllib.request, urllib.parse, json, statistics, sys
def run(q, n=50):
    times=[]; last=None
    for _ in range(n):
        t=time.perf_counter()
        r=json.load(urllib.request.urlopen("http://localhost:5180/api/search?q="+urllib.parse.quote(q)))
        times.append((time.perf_counter()-t)*1000); last=r
    times.sort()
    print(f"{q!r:22} drinks={len(last['drinks']):3} bars={len(last['bars'])} more={last['nextCursor'] is not None} p50={statistics.median(times):6.1f} ms p95={times[int(n*0.95)-1]:6.1f} ms")
for q in ["drink", "drink 0042", "load", "zzqq"]:
    run(q)
# paging through everything with limit 100
t=time.perf_counter(); pages=0; cursor=None; total=0
while True:
    url="http://localhost:5180/api/search?q=drink&limit=100"+("" if cursor is None else "&cursor="+urllib.parse.quote(cursor))
    r=json.load(urllib.request.urlopen(url)); pages+=1; total+=len(r['drinks']); cursor=r['nextCursor']
    if cursor is None: break
print(f"paging q='drink' limit=100: {pages} pages, {total} drinks, {(time.perf_counter()-t)*1000:.0f} ms")
