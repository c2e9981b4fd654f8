using DrinkPipeline.Contracts;
using DrinkPipeline.Web;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
// Before Razor Pages: antiforgery registers Data Protection, whose start-up must come after the first key's election.
builder.Services.AddSharedKeyRing(builder.Configuration);
builder.Services.AddRazorPages();
builder.Services.AddModeratorSignIn();
builder.Services.AddOptions<ClientForwardingOptions>().BindConfiguration(ClientForwardingOptions.SectionName);
builder.Services.AddOptions<OutcomePushOptions>().BindConfiguration(OutcomePushOptions.SectionName);
builder.Services.AddSingleton<UploadOutcomeHub>();
builder.Services.AddHostedService(provider => provider.GetRequiredService<UploadOutcomeHub>());
builder.Services.AddHostedService<UploadOutcomeListener>();
builder.Services.AddHttpClient<DrinkApiClient>(client => client.BaseAddress = new("https+http://api"));
// The pages only post small JSON and forms; photos go straight to S3.
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 64 * 1024);

var app = builder.Build();

// First: the client address and scheme everything after it sees (the upload limit, cookies' Secure flag).
app.UseLoadBalancerForwarding(app.Configuration);
// Also in Development: people using the app never see a stack trace (developers have the logs and traces).
app.UseExceptionHandler("/Error");
app.UseStatusCodePagesWithReExecute("/Error", "?status={0}");
app.UseSecurityHeaders(SecurityHeaders.ContentSecurityPolicy(SecurityHeaders.StorageOrigin(app.Configuration)));
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapRazorPages();
app.MapUploadOutcomes();
app.MapSharedPhotoImages();
app.MapDefaultEndpoints();

app.Run();
