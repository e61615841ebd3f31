using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Vfs.Core;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Vfs;

// poll(2) in VFS: pipe readiness, polls answered at once or held until a
// pipe changes, a driver answers a Select, or the deadline; the Selects
// a finished poll leaves behind are cancelled and their late answers
// ignored; bounds, exits and signals.
[TestFixture]
public sealed class PollEngineTests
{
    private const int User = 100, Other = 200, Tty = 7, TtyAgain = 9;

    private sealed class FakePort : ISelectPort
    {
        public readonly List<(string Driver, int Minor, int Events, bool Wait, int Client)> Sent = new();
        public readonly List<(int Endpoint, int Minor)> Cancels = new();
        public int Endpoint = Tty;
        public int Answer = Status.Ok;

        public int SendSelect(string driver, int minor, int events, bool wait, int client, out int driverEndpoint)
        {
            driverEndpoint = Endpoint;
            if (Answer == Status.Ok)
                Sent.Add((driver, minor, events, wait, client));
            return Answer;
        }

        public void SendCancel(int driverEndpoint, int minor) => Cancels.Add((driverEndpoint, minor));
    }

    private FakeUserMemory _memory = null!;
    private FakePort _port = null!;
    private PollEngine _engine = null!;
    private DescriptorTable _table = null!;
    private PipeBuffer _pipe = null!;
    private OpenFile _readEnd = null!, _writeEnd = null!;
    private int _pipeRead, _pipeWrite, _console, _serial;

    [SetUp]
    public void SetUp()
    {
        _memory = new FakeUserMemory();
        _port = new FakePort();
        _engine = new PollEngine(_memory, _port);
        _table = new DescriptorTable();
        _pipe = new PipeBuffer();
        _readEnd = OpenFile.ForPipe(_pipe, readEnd: true);
        _writeEnd = OpenFile.ForPipe(_pipe, readEnd: false);
        _pipeRead = _table.Install(_readEnd);
        _pipeWrite = _table.Install(_writeEnd);
        _console = _table.Install(Device("console", 0));
        _serial = _table.Install(Device("tty00", 1));
    }

    private static OpenFile Device(string name, int minor) =>
        new OpenFile(OpenFileKind.Device, "/dev/" + name, true, true) { Device = new DeviceEntry(name, "tty", minor, true) };

    // The records in the user's memory, and the grant naming them.
    private long Records(int caller, params (int Fd, int Events)[] asked)
    {
        var bytes = new byte[asked.Length * 8];
        for (int i = 0; i < asked.Length; i++)
            PollEngine.Encode(new PollEntry { Descriptor = asked[i].Fd, Requested = (short)asked[i].Events, Returned = 77 }, bytes, i * 8);
        return _memory.Give(caller, bytes);
    }

    private int Returned(int caller, long grant, int index) => PollEngine.Decode(_memory.Grants[(caller, grant)], index * 8).Returned;

    private int Start(int caller, long grant, int count, long timeoutMs, long now = 0) =>
        _engine.Start(caller, _table, grant, count, timeoutMs, now);

    [Test]
    public void APipesReadEndIsReadableWithBytesOrWithNoWriterLeft()
    {
        Assert.That(PollEngine.Readiness(_readEnd, SelectEvents.Readable), Is.Zero, "empty, a writer left");
        _pipe.Write(new byte[] { 1 });
        Assert.That(PollEngine.Readiness(_readEnd, SelectEvents.Readable), Is.EqualTo(SelectEvents.Readable));
        _pipe.Consume(1);
        _writeEnd.DropReference();
        Assert.That(PollEngine.Readiness(_readEnd, SelectEvents.Readable), Is.EqualTo(SelectEvents.Readable | SelectEvents.HangUp),
            "no writer: end of file is readable, and a hang-up");
        Assert.That(PollEngine.Readiness(_readEnd, 0), Is.EqualTo(SelectEvents.HangUp), "hang-up counts unasked");
    }

    [Test]
    public void APipesWriteEndIsWritableWithRoomAndInErrorWithNoReader()
    {
        Assert.That(PollEngine.Readiness(_writeEnd, SelectEvents.Writable), Is.EqualTo(SelectEvents.Writable));
        _pipe.Write(new byte[VfsLimits.PipeCapacity]);
        Assert.That(PollEngine.Readiness(_writeEnd, SelectEvents.Writable), Is.Zero, "full");
        _readEnd.DropReference();
        Assert.That(PollEngine.Readiness(_writeEnd, SelectEvents.Writable), Is.EqualTo(SelectEvents.Error));
    }

    [Test]
    public void FilesAreReadyForWhatWasAsked()
    {
        var file = new OpenFile(OpenFileKind.File, "/etc/motd", true, false);
        Assert.That(PollEngine.Readiness(file, SelectEvents.Readable | SelectEvents.Writable | 0x400),
            Is.EqualTo(SelectEvents.Readable | SelectEvents.Writable));
    }

    [Test]
    public void AnEmptyPipeWithTimeoutZeroAnswersZeroAtOnce()
    {
        long grant = Records(User, (_pipeRead, SelectEvents.Readable));
        Assert.That(Start(User, grant, 1, 0), Is.Zero);
        Assert.That(Returned(User, grant, 0), Is.Zero, "Returned cleared, written back");
        Assert.That(_engine.HeldCount, Is.Zero);
    }

    [Test]
    public void AClosedDescriptorIsInvalidAndANegativeOneSkipped()
    {
        long grant = Records(User, (40, SelectEvents.Readable), (-1, SelectEvents.Readable), (_pipeWrite, SelectEvents.Writable));
        Assert.That(Start(User, grant, 3, -1), Is.EqualTo(2));
        Assert.That(Returned(User, grant, 0), Is.EqualTo(SelectEvents.Invalid));
        Assert.That(Returned(User, grant, 1), Is.Zero);
        Assert.That(Returned(User, grant, 2), Is.EqualTo(SelectEvents.Writable));
    }

    [Test]
    public void AHeldPollWakesWhenItsPipeGetsBytes()
    {
        long grant = Records(User, (_pipeRead, SelectEvents.Readable));
        Assert.That(Start(User, grant, 1, -1), Is.EqualTo(PollEngine.Suspended));

        _engine.PipeChanged(new PipeBuffer());
        Assert.That(_memory.Replies, Is.Empty, "another pipe's change");
        _pipe.Write(new byte[] { 42 });
        _engine.PipeChanged(_pipe);

        Assert.That(_memory.Replies, Is.EqualTo(new[] { (User, Status.Ok, 1L) }));
        Assert.That(Returned(User, grant, 0), Is.EqualTo(SelectEvents.Readable));
        Assert.That(_engine.HeldCount, Is.Zero);
    }

    [Test]
    public void PipesWakeHeldPollsThroughThePipeEngine()
    {
        var pipes = new PipeEngine(_memory) { Changed = _engine.PipeChanged };
        long grant = Records(User, (_pipeRead, SelectEvents.Readable));
        Assert.That(Start(User, grant, 1, -1), Is.EqualTo(PollEngine.Suspended));

        long data = _memory.Give(Other, new byte[] { 1, 2, 3 });
        Assert.That(pipes.Write(Other, _writeEnd, data, 3), Is.EqualTo(3));

        Assert.That(_memory.Replies, Is.EqualTo(new[] { (User, Status.Ok, 1L) }));
    }

    [Test]
    public void AHeldPollEndsWithZeroAtItsDeadline()
    {
        long grant = Records(User, (_pipeRead, SelectEvents.Readable));
        Assert.That(Start(User, grant, 1, 250, now: 1000), Is.EqualTo(PollEngine.Suspended));
        Assert.That(_engine.NextDeadline(), Is.EqualTo(1250));

        Assert.That(_engine.Expire(1249), Is.EqualTo(1250), "not yet");
        Assert.That(_memory.Replies, Is.Empty);
        Assert.That(_engine.Expire(1250), Is.EqualTo(-1));
        Assert.That(_memory.Replies, Is.EqualTo(new[] { (User, Status.Ok, 0L) }));
    }

    [Test]
    public void ADeviceIsAskedWithWaitAndItsAnswerEndsThePoll()
    {
        long grant = Records(User, (_console, SelectEvents.Readable | SelectEvents.Writable));
        Assert.That(Start(User, grant, 1, -1), Is.EqualTo(PollEngine.Suspended));
        Assert.That(_port.Sent, Is.EqualTo(new[] { ("tty", 0, SelectEvents.Readable | SelectEvents.Writable, true, User) }));

        Assert.That(_engine.Answered(Tty, 1, SelectEvents.Readable), Is.False, "another minor: not ours");
        Assert.That(_engine.Answered(Tty, 0, SelectEvents.Readable | SelectEvents.Writable), Is.True);

        Assert.That(_memory.Replies, Is.EqualTo(new[] { (User, Status.Ok, 1L) }));
        Assert.That(Returned(User, grant, 0), Is.EqualTo(SelectEvents.Readable | SelectEvents.Writable));
        Assert.That(_port.Cancels, Is.Empty, "answered: nothing held to cancel");
        Assert.That(_engine.SelectCount, Is.Zero);
    }

    [Test]
    public void WithTimeoutZeroTheDevicesImmediateAnswersAreAwaited()
    {
        long grant = Records(User, (_console, SelectEvents.Readable), (_pipeRead, SelectEvents.Readable));
        Assert.That(Start(User, grant, 2, 0), Is.EqualTo(PollEngine.Suspended));
        Assert.That(_port.Sent[0].Wait, Is.False);

        _engine.Answered(Tty, 0, 0);
        Assert.That(_memory.Replies, Is.EqualTo(new[] { (User, Status.Ok, 0L) }));
    }

    [Test]
    public void SomethingReadyAlreadyAsksDevicesWithoutWaitAndReportsAll()
    {
        _pipe.Write(new byte[] { 1 });
        long grant = Records(User, (_pipeRead, SelectEvents.Readable), (_console, SelectEvents.Readable));
        Assert.That(Start(User, grant, 2, -1), Is.EqualTo(PollEngine.Suspended));
        Assert.That(_port.Sent[0].Wait, Is.False, "the poll will not wait");

        _engine.Answered(Tty, 0, SelectEvents.Readable);
        Assert.That(_memory.Replies, Is.EqualTo(new[] { (User, Status.Ok, 2L) }));
    }

    [Test]
    public void APipeWakingThePollCancelsTheHeldSelectAndItsLateAnswerIsIgnored()
    {
        long grant = Records(User, (_console, SelectEvents.Readable), (_pipeRead, SelectEvents.Readable));
        Assert.That(Start(User, grant, 2, -1), Is.EqualTo(PollEngine.Suspended));

        _pipe.Write(new byte[] { 1 });
        _engine.PipeChanged(_pipe);
        Assert.That(_memory.Replies, Is.EqualTo(new[] { (User, Status.Ok, 1L) }));
        Assert.That(Returned(User, grant, 0), Is.Zero);
        Assert.That(Returned(User, grant, 1), Is.EqualTo(SelectEvents.Readable));
        Assert.That(_port.Cancels, Is.EqualTo(new[] { (Tty, 0) }));

        Assert.That(_engine.Answered(Tty, 0, DriverStatus.Interrupted), Is.True, "the cancelled Select's answer is taken");
        Assert.That(_memory.Replies.Count, Is.EqualTo(1), "and dropped");
        Assert.That(_engine.SelectCount, Is.Zero);
        Assert.That(_engine.Answered(Tty, 0, SelectEvents.Readable), Is.False, "nothing in flight any more");
    }

    [Test]
    public void ADriverWithoutSelectCountsAsReadyForWhatWasAsked()
    {
        long grant = Records(User, (_console, SelectEvents.Writable));
        Start(User, grant, 1, -1);
        _engine.Answered(Tty, 0, DriverStatus.BadRequest);
        Assert.That(Returned(User, grant, 0), Is.EqualTo(SelectEvents.Writable));
        Assert.That(_memory.Replies, Is.EqualTo(new[] { (User, Status.Ok, 1L) }));
    }

    [Test]
    public void ADeviceThatFailsIsInError()
    {
        long grant = Records(User, (_serial, SelectEvents.Readable));
        Start(User, grant, 1, -1);
        _engine.Answered(Tty, 1, DriverStatus.NoSuchDevice);
        Assert.That(Returned(User, grant, 0), Is.EqualTo(SelectEvents.Error));
    }

    [Test]
    public void TwoPollsOnOneDeviceShareOneSelect()
    {
        long first = Records(User, (_console, SelectEvents.Readable));
        long second = Records(Other, (_console, SelectEvents.Readable));
        Start(User, first, 1, -1);
        Assert.That(_engine.Start(Other, _table, second, 1, -1, 0), Is.EqualTo(PollEngine.Suspended));
        Assert.That(_port.Sent.Count, Is.EqualTo(1), "one Select in flight per driver and minor");

        _engine.Answered(Tty, 0, SelectEvents.Readable);
        Assert.That(_memory.Replies, Is.EquivalentTo(new[] { (User, Status.Ok, 1L), (Other, Status.Ok, 1L) }));
    }

    [Test]
    public void AWiderPollCancelsTheHeldSelectAndAsksForTheUnion()
    {
        long first = Records(User, (_console, SelectEvents.Readable));
        long second = Records(Other, (_console, SelectEvents.Writable));
        Start(User, first, 1, -1);
        _engine.Start(Other, _table, second, 1, -1, 0);
        Assert.That(_port.Cancels, Is.EqualTo(new[] { (Tty, 0) }));

        _engine.Answered(Tty, 0, DriverStatus.Interrupted);
        Assert.That(_memory.Replies, Is.Empty);
        Assert.That(_port.Sent[1], Is.EqualTo(("tty", 0, SelectEvents.Readable | SelectEvents.Writable, true, User)));

        _engine.Answered(Tty, 0, SelectEvents.Writable);
        Assert.That(_memory.Replies, Is.EqualTo(new[] { (Other, Status.Ok, 1L) }), "only the poll that asked for it");
        Assert.That(_port.Sent[2], Is.EqualTo(("tty", 0, SelectEvents.Readable, true, User)), "the other still waits");
    }

    [Test]
    public void ACallerThatExitsLosesItsPollAndItsSelect()
    {
        long grant = Records(User, (_console, SelectEvents.Readable));
        Start(User, grant, 1, -1);
        Assert.That(_engine.CancelCaller(User), Is.True);
        Assert.That(_memory.Replies, Is.Empty);
        Assert.That(_port.Cancels, Is.EqualTo(new[] { (Tty, 0) }));
        Assert.That(_engine.HeldCount, Is.Zero);
    }

    [Test]
    public void ASignalEndsThePollInterrupted()
    {
        long grant = Records(User, (_pipeRead, SelectEvents.Readable));
        Start(User, grant, 1, -1);
        Assert.That(_engine.InterruptCaller(User), Is.True);
        Assert.That(_memory.Replies, Is.EqualTo(new[] { (User, SignalStatus.Interrupted, 0L) }));
    }

    [Test]
    public void ASelectLostWithARestartedDriverGoesToItsSuccessor()
    {
        long grant = Records(User, (_console, SelectEvents.Readable));
        Start(User, grant, 1, -1);
        _port.Endpoint = TtyAgain;
        _engine.Restarted("tty", TtyAgain);
        Assert.That(_port.Sent.Count, Is.EqualTo(2));

        Assert.That(_engine.Answered(Tty, 0, SelectEvents.Readable), Is.False, "the dead one's");
        Assert.That(_engine.Answered(TtyAgain, 0, SelectEvents.Readable), Is.True);
        Assert.That(_memory.Replies, Is.EqualTo(new[] { (User, Status.Ok, 1L) }));
    }

    [Test]
    public void ADriverNotThereMakesTheDeviceAnError()
    {
        _port.Answer = VfsStatus.NoDevice;
        long grant = Records(User, (_console, SelectEvents.Readable));
        Assert.That(Start(User, grant, 1, -1), Is.EqualTo(PollEngine.Suspended), "answered from within");
        Assert.That(_memory.Replies, Is.EqualTo(new[] { (User, Status.Ok, 1L) }));
        Assert.That(Returned(User, grant, 0), Is.EqualTo(SelectEvents.Error));
    }

    [TestCase(0)]
    [TestCase(VfsLimits.MaxDescriptors + 1)]
    public void ACountOutOfRangeIsRefused(int count)
    {
        long grant = _memory.Give(User, new byte[8 * (VfsLimits.MaxDescriptors + 1)]);
        Assert.That(Start(User, grant, count, 0), Is.EqualTo(Status.BadArgument));
    }

    [Test]
    public void ABadGrantIsRefused()
    {
        Assert.That(Start(User, 999, 1, 0), Is.EqualTo(Status.BadGrant));
    }

    [Test]
    public void HeldPollsAreBounded()
    {
        for (int i = 0; i < PollEngine.MaxPolls; i++)
            Assert.That(Start(1000 + i, Records(1000 + i, (_pipeRead, SelectEvents.Readable)), 1, -1), Is.EqualTo(PollEngine.Suspended));
        Assert.That(Start(User, Records(User, (_pipeRead, SelectEvents.Readable)), 1, -1), Is.EqualTo(VfsStatus.Busy));
        Assert.That(Start(User, Records(User, (_pipeWrite, SelectEvents.Writable)), 1, -1), Is.EqualTo(1), "one answered at once still is");
    }
}
