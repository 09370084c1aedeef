using Microsoft.Extensions.Hosting;

Monitor.Functions.FunctionsApp.CreateBuilder(args).Build().Run();
