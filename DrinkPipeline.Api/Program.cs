using DrinkPipeline.Storage;
using DrinkPipeline.Api;
using DrinkPipeline.Api.Apis;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddDrinkPipelineStorage();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<BadRequestHandler>();
// The same in every environment: unreadable requests throw, and BadRequestHandler answers with a problem that says why.
builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.AddOptions<PrivacyOptions>().BindConfiguration(PrivacyOptions.SectionName);
builder.Services.AddSingleton<PhotoUrls>();
builder.Services.AddOptions<PagingOptions>().BindConfiguration(PagingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton<PageCursors>();
builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName);
builder.Services.AddOptions<ModerationOptions>().BindConfiguration(ModerationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton<ApiMetrics>();
builder.Services.AddUploadRateLimits();
builder.Services.AddOpenApi();
// Requests are small JSON; photos go straight to S3.
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 16 * 1024);

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
// Before routing: API routes match the raw path (see RawApiPath).
app.UseRawApiPath();
app.UseRouting();

app.MapUploadsApi();
app.MapBarsApi();
app.MapPhotosApi();
app.MapSearchApi();
app.MapAdminApi();
// The API's description for integrators at /openapi/v1.json; an interactive reference at /scalar in Development.
app.MapOpenApi();
if (app.Environment.IsDevelopment())
{
    app.MapScalarApiReference();
}

app.MapDefaultEndpoints();

app.Run();
