using Microsoft.Extensions.Configuration;

namespace Adapter.Worker.Hosting;

/// <summary>Builds the one configuration every verb reads: <c>appsettings.json</c> at the
/// repository root (or beside the binary when published), an optional <c>--config</c> file layered
/// over it, then environment variables (<c>Section__Key</c>) over both, then, when
/// <see cref="SecretsDirectoryVariable"/> names one, a directory of mounted secret files.</summary>
internal static class AdapterConfiguration
{
    public const string FileName = "appsettings.json";

    /// <summary>Overrides where the base file is read from (a mounted ConfigMap, say).</summary>
    public const string SettingsPathVariable = "ADAPTER_SETTINGS";

    /// <summary>A directory with one file per secret, named by key path with <c>__</c>
    /// (<c>ServiceNow__Password</c>, <c>ServiceNow__WebhookSecret</c>): a mounted Kubernetes
    /// Secret, say. Its values override every other source.</summary>
    public const string SecretsDirectoryVariable = "ADAPTER_SECRETS_DIR";

    public static IConfigurationRoot Build(string? overlayPath, bool reloadOnChange = false)
    {
        var builder = new ConfigurationBuilder();
        Add(builder, LocateBaseFile(), reloadOnChange);
        Add(builder, overlayPath, reloadOnChange).AddEnvironmentVariables();
        return AddSecrets(builder, Environment.GetEnvironmentVariable(SecretsDirectoryVariable), reloadOnChange).Build();
    }

    public static IConfigurationBuilder AddSecrets(IConfigurationBuilder builder, string? directory, bool reloadOnChange)
    {
        if (string.IsNullOrEmpty(directory))
        {
            return builder;
        }

        var full = Path.GetFullPath(directory);
        if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"Secrets directory not found: {full} (from {SecretsDirectoryVariable})");
        }

        return builder.AddKeyPerFile(full, optional: false, reloadOnChange);
    }

    public static IConfigurationBuilder Add(IConfigurationBuilder builder, string? path, bool reloadOnChange)
    {
        if (string.IsNullOrEmpty(path))
        {
            return builder;
        }

        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"Configuration file not found: {full}", full);
        }

        var source = new LastGoodJsonConfigurationSource { Path = full, Optional = false, ReloadOnChange = reloadOnChange };
        source.ResolveFileProvider();
        return builder.Add(source);
    }

    /// <summary>In a checkout the repository root's file is the one admins edit, so a running
    /// worker sees their edits; a published build uses the copy beside the binary.</summary>
    public static string LocateBaseFile()
    {
        var explicitPath = Environment.GetEnvironmentVariable(SettingsPathVariable);
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return explicitPath;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Adapter.sln")) && File.Exists(Path.Combine(dir.FullName, FileName)))
            {
                return Path.Combine(dir.FullName, FileName);
            }
        }

        return Path.Combine(AppContext.BaseDirectory, FileName);
    }
}
