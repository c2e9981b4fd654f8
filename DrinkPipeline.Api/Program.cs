using DrinkPipeline;
using DrinkPipeline.Api;
using DrinkPipeline.Api.Apis;
using DrinkPipeline.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddDrinkPipelineAws();
builder.Services.AddProblemDetails();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddOptions<UploadOptions>()
    .BindConfiguration(UploadOptions.SectionName)
    .ValidateDataAnnotations()
    .ValidateOnStart();
builder.Services.AddSingleton<UploadStore>();
builder.Services.AddSingleton<DrinkCatalog>();
builder.Services.AddSingleton<PhotoUrls>();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
// Before routing: API routes match the raw path (see RawApiPath).
app.UseRawApiPath();
app.UseRouting();

app.MapUploadsApi();
app.MapBarsApi();
app.MapDefaultEndpoints();

app.Run();
