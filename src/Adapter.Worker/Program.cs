using Adapter.Worker.Commands;

return await AdapterCommandLine.InvokeAsync(args);
