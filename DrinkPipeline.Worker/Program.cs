using DrinkPipeline;
using DrinkPipeline.Storage;
using DrinkPipeline.Worker;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddDrinkPipelineAws();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddOptions<UploadOptions>()
    .BindConfiguration(UploadOptions.SectionName)
    .ValidateDataAnnotations()
    .ValidateOnStart();
builder.Services.AddOptions<WorkerOptions>()
    .BindConfiguration(WorkerOptions.SectionName)
    .ValidateDataAnnotations()
    .ValidateOnStart();
builder.Services.AddSingleton<PipelineMetrics>();
builder.Services.AddSingleton<UploadStore>();
builder.Services.AddSingleton<DrinkCatalog>();
builder.Services.AddScoped<PhotoProcessor>();
builder.Services.AddHostedService<PhotoEventsWorker>();

// The worker serves only health endpoints; hosting on WebApplication lets the AppHost wait for it like any service.
var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
