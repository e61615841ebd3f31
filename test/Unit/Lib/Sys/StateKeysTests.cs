using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Lib.Sys;

// The DS keys a component's saved state lives under: "<label>.<name>",
// valid DS keys only, refused rather than truncated.
public class StateKeysTests
{
    [Test]
    public void LabelDotName()
    {
        Assert.That(StateKeys.Build("hello", "count", out string? key), Is.EqualTo(Status.Ok));
        Assert.That(key, Is.EqualTo("hello.count"));
        Assert.That(DataStoreKeys.IsValidKey(key!), Is.True);
    }

    [Test]
    public void TheWholeKeyFitsInDsKeyLength()
    {
        string label = new('a', 10);
        string longest = new('n', DataStoreLimits.MaxKeyLength - 11);
        Assert.That(StateKeys.MaxNameLength(label), Is.EqualTo(longest.Length));
        Assert.That(StateKeys.Build(label, longest, out string? key), Is.EqualTo(Status.Ok));
        Assert.That(key!.Length, Is.EqualTo(DataStoreLimits.MaxKeyLength));
        Assert.That(StateKeys.Build(label, longest + "n", out key), Is.EqualTo(DataStoreStatus.BadKey));
        Assert.That(key, Is.Null);
    }

    [Test]
    public void ALabelTooLongForAnyNameLeavesNoRoom()
    {
        string label = new('a', DataStoreLimits.MaxKeyLength - 1);
        Assert.That(StateKeys.MaxNameLength(label), Is.Zero);
        Assert.That(StateKeys.Build(label, "x", out _), Is.EqualTo(DataStoreStatus.BadKey));
        Assert.That(StateKeys.MaxNameLength(new string('a', 32)), Is.Zero);
    }

    [TestCase("", "count")]
    [TestCase("hello", "")]
    [TestCase("hello", "two words")]
    [TestCase("hello", "all*")]
    [TestCase("hel lo", "count")]
    [TestCase("hello", "caf\u00e9")]
    [TestCase("hello", "tab\there")]
    public void WhatDsWouldRefuseIsRefusedHere(string label, string name)
    {
        Assert.That(StateKeys.Build(label, name, out string? key), Is.EqualTo(DataStoreStatus.BadKey));
        Assert.That(key, Is.Null);
    }
}
