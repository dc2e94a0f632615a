using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Adapter.Core.Classification;
using Adapter.Core.Taxonomy;
using Adapter.Worker.Hosting;
using Spectre.Console;

namespace Adapter.Worker.Commands;

/// <summary>The verbs that tune and check the taxonomy: <c>classify</c>, <c>triage</c> and
/// <c>validate-config</c>.</summary>
internal static class TriageCommands
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Classify(Option<string?> config)
    {
        var text = new Argument<string[]>("text") { Description = "Ticket text: the title, optionally followed by the description", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print the decision as JSON with the batch CSV column names" };
        var command = new Command("classify", "Classify one ticket and explain the decision") { text, json };
        command.SetAction(result =>
        {
            var classifier = LoadClassifier(result.GetValue(config));
            var parts = result.GetValue(text)!;
            var title = parts[0];
            var description = string.Join(' ', parts.Skip(1));
            var decision = classifier.Classify(title, description);
            if (result.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(ToJson(decision), Indented));
            }
            else
            {
                PrintDecision(decision);
            }

            return 0;
        });
        return command;
    }

    public static Command Triage(Option<string?> config)
    {
        var input = new Option<string>("--input", "-i") { Description = "CSV with id,title,description (and optional label columns)", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "CSV to write the decisions to", Required = true };
        var command = new Command("triage", "Classify a CSV of tickets; with label columns, also report accuracy") { input, output };
        command.SetAction(result =>
        {
            var classifier = LoadClassifier(result.GetValue(config));
            var inputPath = result.GetValue(input)!;
            var console = AnsiConsole.Console;
            TriageEvaluation evaluation;
            if (console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected)
            {
                var length = new FileInfo(inputPath) is { Exists: true } f ? f.Length : 1;
                evaluation = console.Progress().Start(ctx =>
                {
                    var task = ctx.AddTask("triage", maxValue: length);
                    var batch = new TriageBatch(classifier) { Progress = read => task.Value = read };
                    var e = batch.Run(inputPath, result.GetValue(output)!);
                    task.Value = length;
                    return e;
                });
            }
            else
            {
                evaluation = new TriageBatch(classifier).Run(inputPath, result.GetValue(output)!);
            }

            if (evaluation.HasLabels)
            {
                EvaluationReport.Print(console, evaluation);
            }

            return 0;
        });
        return command;
    }

    public static Command ValidateConfig(Option<string?> config)
    {
        var command = new Command("validate-config", "Check the configuration; exit non-zero listing every problem");
        command.SetAction(result =>
        {
            var configuration = AdapterConfiguration.Build(result.GetValue(config));
            var problems = ConfigurationValidation.Validate(configuration);
            foreach (var problem in problems)
            {
                Console.Error.WriteLine(problem.ToString());
            }

            if (problems.Count > 0)
            {
                Console.Error.WriteLine($"configuration invalid: {problems.Count} problem(s)");
                return 1;
            }

            var classifier = TriageConfigurationReader.BuildClassifier(configuration);
            Console.Out.WriteLine($"configuration valid: {classifier.RuleCount} rules, {classifier.VocabularySize} words");
            return 0;
        });
        return command;
    }

    private static TriageClassifier LoadClassifier(string? overlay) =>
        TriageConfigurationReader.BuildClassifier(AdapterConfiguration.Build(overlay));

    private static void PrintDecision(TriageDecision d)
    {
        var o = Console.Out;
        o.WriteLine($"bucket:          {d.Bucket.ToWire()}{(d.SecondaryBucket is { } s ? " + " + s.ToWire() : "")}");
        o.WriteLine($"system:          {d.System.ToWire()}");
        o.WriteLine($"severity:        {d.Severity}");
        o.WriteLine($"resolver group:  {d.ResolverGroup}");
        o.WriteLine($"confidence:      {d.Confidence.ToString("0.###", CultureInfo.InvariantCulture)}{(d.NeedsReview ? " (needs_review)" : "")}");
        o.WriteLine($"escalation:      {(d.Escalation is { } e ? $"{e.Trigger.ToWire()} -> {e.ResolverGroup} within {e.ResponseMinutes} min" : "none")}");
        o.WriteLine("rules:");
        foreach (var hit in d.Rules)
        {
            o.WriteLine($"  {hit.RuleId,-44} {hit.Effect}");
        }
    }

    internal static Dictionary<string, object?> ToJson(TriageDecision d) => new()
    {
        ["bucket"] = d.Bucket.ToWire(),
        ["secondary_bucket"] = d.SecondaryBucket?.ToWire() ?? "",
        ["system"] = d.System.ToWire(),
        ["severity"] = d.Severity,
        ["resolver_group"] = d.ResolverGroup,
        ["confidence"] = Math.Round(d.Confidence, 3),
        ["needs_review"] = d.NeedsReview,
        ["escalation"] = d.Escalation?.Trigger.ToWire() ?? "",
        ["rules"] = d.RuleIds,
        ["explanation"] = d.Rules.Select(r => new Dictionary<string, string> { ["rule"] = r.RuleId, ["effect"] = r.Effect }).ToList(),
    };
}
