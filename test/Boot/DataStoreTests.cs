using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The data store server (src/Servers/Ds) and its test client
// (test/Components/DsClient): entries of every kind, owner-only changes,
// publish/subscribe with notifications, malformed requests and the limits.
// One boot serves every assertion.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class DataStoreTests
{
    // Every check dsclient prints, in its order.
    private static readonly string[] s_checks =
    {
        // EntryChecks
        "ds-publishes-its-label", "publish-number", "retrieve-number", "publish-string", "retrieve-string",
        "publish-string-of-40-bytes", "retrieve-string-of-40-bytes", "publish-own-label", "retrieve-own-label",
        "publish-blob", "retrieve-blob", "retrieve-blob-into-too-little-room", "retrieve-as-wrong-kind",
        "retrieve-missing-key",
        // OwnershipChecks
        "republish-without-overwrite", "overwrite-own-entry", "overwritten-value", "overwrite-foreign-entry-refused",
        "delete-foreign-entry-refused", "foreign-entry-intact", "label-for-another-component-refused",
        "own-label-with-foreign-endpoint-refused", "delete-own-entry", "deleted-entry-gone", "delete-missing-key",
        // SubscriptionChecks
        "check-without-subscription", "subscribe-pattern", "nothing-changed-yet", "notified-on-publish",
        "check-reports-publish", "change-reported-once", "non-matching-key-not-notified",
        "non-matching-key-not-reported", "notified-on-delete", "check-reports-delete", "subscribe-with-initial",
        "notified-of-existing-match", "check-reports-existing-match", "publish-many-watched-keys",
        "notified-for-many-changes", "overflow-reported-as-lost", "kept-changes-then-none",
        // MalformedChecks
        "unknown-request", "empty-key", "key-length-past-limit", "non-ascii-key", "key-with-space", "wildcard-in-key",
        "unknown-kind", "unknown-flag", "number-past-u32", "string-past-limit", "string-past-message",
        "blob-past-limit", "negative-blob-length", "forged-grant", "grant-without-read-right",
        "nothing-stored-after-refusals", "blob-longer-than-its-grant", "retrieve-through-read-only-grant",
        "blob-intact-after-refusals", "retrieve-without-kind", "ds-still-answers",
        // LimitChecks
        "store-full", "overwrite-when-full", "delete-fill", "room-again-after-delete", "subscriptions-full",
        "same-pattern-again-when-full",
    };

    private static Launcher.BootResult? s_run;
    private static readonly object s_lock = new();

    private static Launcher.BootResult Run()
    {
        lock (s_lock)
            return s_run ??= GuestRun.Qemu("start=ds,dsclient exit_when=dsclient", image: GuestRun.TestImage, timeoutSeconds: 90);
    }

    [TestCaseSource(nameof(s_checks))]
    public void CheckPasses(string check) =>
        GuestRun.Line(Run(), $@"^\[dsclient\] dsclient: {Regex.Escape(check)}: ok$");

    [Test]
    public void EveryCheckIsListedAndNoneFailed()
    {
        GuestRun.Line(Run(), @"^\[ds\] ds: serving$");
        GuestRun.Line(Run(), $@"^\[dsclient\] dsclient: {s_checks.Length} checks passed, 0 failed$");
        GuestRun.Line(Run(), @"^\[dsclient\] exited with status 0$");
        Assert.That(Run().SerialLog, Does.Not.Contain("FAIL"));
        Assert.That(Run().ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void MalformedRequestsNeverStopTheServer()
    {
        Assert.That(Run().SerialLog, Does.Not.Contain("[ds] panicked"));
        Assert.That(Run().SerialLog, Does.Not.Contain("[ds] stopped"));
        Assert.That(Run().SerialLog, Does.Not.Contain("[ds] exited"));
        Assert.That(Run().SerialLog, Does.Not.Contain("KERNEL PANIC"));
        Assert.That(Run().SerialLog, Does.Not.Contain("ds: request"), "no handler threw");
    }
}
