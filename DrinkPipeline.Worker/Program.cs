using DrinkPipeline.Imaging;
using DrinkPipeline.Worker;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

// The worker serves only health endpoints; hosting on WebApplication lets the AppHost wait for it like any service.
var app = builder.Build();
// Before it reports healthy: the first photos after a start were the slowest of a paced run (docs/benchmarks.md).
PhotoImaging.WarmUp(app.Services.GetRequiredService<IOptions<ImagingOptions>>().Value.Limits);
app.MapDefaultEndpoints();
app.Run();
