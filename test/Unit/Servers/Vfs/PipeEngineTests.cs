using System;
using System.Linq;
using System.Text;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Vfs.Core;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Vfs;

// Pipes between two processes: readers and writers held back and woken,
// end of file, BrokenPipe, and a caller that exits while it waits.
[TestFixture]
public sealed class PipeEngineTests
{
    private const int Reader = 100, Writer = 200;

    private FakeUserMemory _memory = null!;
    private PipeEngine _engine = null!;
    private PipeBuffer _pipe = null!;
    private OpenFile _readEnd = null!, _writeEnd = null!;

    [SetUp]
    public void SetUp()
    {
        _memory = new FakeUserMemory();
        _engine = new PipeEngine(_memory);
        _pipe = new PipeBuffer();
        _readEnd = OpenFile.ForPipe(_pipe, readEnd: true);
        _writeEnd = OpenFile.ForPipe(_pipe, readEnd: false);
        _readEnd.AddReference();
        _writeEnd.AddReference();
    }

    [Test]
    public void AReaderOfAnEmptyPipeWaitsUntilAWriterWrites()
    {
        byte[] into = new byte[64];
        long readGrant = _memory.Give(Reader, into);
        Assert.That(_engine.Read(Reader, _readEnd, readGrant, 64), Is.EqualTo(PipeEngine.Suspended));
        Assert.That(_memory.Replies, Is.Empty);

        long writeGrant = _memory.Give(Writer, Encoding.ASCII.GetBytes("hello"));
        Assert.That(_engine.Write(Writer, _writeEnd, writeGrant, 5), Is.EqualTo(5));

        Assert.That(_memory.Replies, Is.EqualTo(new[] { (Reader, Status.Ok, 5L) }));
        Assert.That(Encoding.ASCII.GetString(into, 0, 5), Is.EqualTo("hello"));
        Assert.That(_pipe.Count, Is.Zero, "the woken reader took the bytes");
        Assert.That(_engine.WaitingCount, Is.Zero);
    }

    [Test]
    public void AWriterOfAFullPipeWaitsUntilTheReaderMakesRoom()
    {
        byte[] data = Enumerable.Range(0, 10000).Select(i => (byte)i).ToArray();
        long writeGrant = _memory.Give(Writer, data);
        Assert.That(_engine.Write(Writer, _writeEnd, writeGrant, data.Length), Is.EqualTo(VfsLimits.PipeCapacity), "what fits");
        Assert.That(_engine.Write(Writer, _writeEnd, writeGrant, 100), Is.EqualTo(PipeEngine.Suspended), "a full pipe holds the writer");

        byte[] into = new byte[1000];
        long readGrant = _memory.Give(Reader, into);
        Assert.That(_engine.Read(Reader, _readEnd, readGrant, 1000), Is.EqualTo(1000));
        Assert.That(into, Is.EqualTo(data.Take(1000).ToArray()));
        Assert.That(_memory.Replies, Is.EqualTo(new[] { (Writer, Status.Ok, 100L) }), "the waiting writer went on once there was room");
        Assert.That(_pipe.Count, Is.EqualTo(VfsLimits.PipeCapacity - 1000 + 100));
    }

    [Test]
    public void WithNoWriterLeftAWaitingReaderGetsEndOfFile()
    {
        long readGrant = _memory.Give(Reader, new byte[16]);
        Assert.That(_engine.Read(Reader, _readEnd, readGrant, 16), Is.EqualTo(PipeEngine.Suspended));
        Assert.That(_writeEnd.DropReference(), Is.True);
        _engine.Released(_writeEnd);
        Assert.That(_memory.Replies, Is.EqualTo(new[] { (Reader, Status.Ok, 0L) }));
        Assert.That(_engine.Read(Reader, _readEnd, readGrant, 16), Is.Zero, "and so does every later read");
    }

    [Test]
    public void WithNoReaderLeftWritersGetBrokenPipe()
    {
        long writeGrant = _memory.Give(Writer, new byte[VfsLimits.PipeCapacity + 10]);
        _engine.Write(Writer, _writeEnd, writeGrant, VfsLimits.PipeCapacity);
        Assert.That(_engine.Write(Writer, _writeEnd, writeGrant, 10), Is.EqualTo(PipeEngine.Suspended));
        _readEnd.DropReference();
        _engine.Released(_readEnd);
        Assert.That(_memory.Replies, Is.EqualTo(new[] { (Writer, VfsStatus.BrokenPipe, 0L) }));
        Assert.That(_engine.Write(Writer, _writeEnd, writeGrant, 1), Is.EqualTo(VfsStatus.BrokenPipe));
    }

    [Test]
    public void ABadGrantLosesNoBytes()
    {
        _engine.Write(Writer, _writeEnd, _memory.Give(Writer, Encoding.ASCII.GetBytes("abc")), 3);
        Assert.That(_engine.Read(Reader, _readEnd, 999, 3), Is.EqualTo(Status.BadGrant));
        Assert.That(_pipe.Count, Is.EqualTo(3), "the bytes stay for a read that can take them");
        Assert.That(_engine.Write(Writer, _writeEnd, 999, 3), Is.EqualTo(Status.BadGrant));
        Assert.That(_pipe.Count, Is.EqualTo(3));
    }

    [Test]
    public void ACallerThatExitsWhileWaitingIsForgotten()
    {
        long readGrant = _memory.Give(Reader, new byte[16]);
        _engine.Read(Reader, _readEnd, readGrant, 16);
        Assert.That(_engine.CancelCaller(Reader), Is.EqualTo(1));
        _engine.Write(Writer, _writeEnd, _memory.Give(Writer, new byte[4]), 4);
        Assert.That(_memory.Replies, Is.Empty, "nobody is answered for a call that was cancelled");
        Assert.That(_pipe.Count, Is.EqualTo(4));
    }

    [Test]
    public void TheRingWrapsAroundInOrder()
    {
        var pipe = new PipeBuffer(8);
        byte[] scratch = new byte[8];
        Assert.That(pipe.Write(new byte[] { 1, 2, 3, 4, 5, 6 }), Is.EqualTo(6));
        Assert.That(pipe.Peek(scratch.AsSpan(0, 4)), Is.EqualTo(4));
        pipe.Consume(4);
        Assert.That(pipe.Write(new byte[] { 7, 8, 9, 10, 11, 12, 13 }), Is.EqualTo(6), "room for 6 of 7");
        Assert.That(pipe.Peek(scratch), Is.EqualTo(8));
        Assert.That(scratch, Is.EqualTo(new byte[] { 5, 6, 7, 8, 9, 10, 11, 12 }));
    }
}

// The number of pipes VFS holds is bounded, and a pipe stops counting once
// both ends are gone, however they went.
[TestFixture]
public sealed class PipeLimitTests
{
    [Test]
    public void PipesAreBoundedAndCountedOnceWhenBothEndsGo()
    {
        var engine = new PipeEngine(new FakeUserMemory());
        var processes = new ProcessTable();
        for (int i = 0; i < PipeEngine.MaxPipes; i++)
            Assert.That(engine.Create(), Is.Not.Null);
        Assert.That(engine.Create(), Is.Null, "no more than MaxPipes");

        // One process holds both ends of one more pipe and exits: both ends
        // are released together, and the pipe is counted out once.
        var engine2 = new PipeEngine(new FakeUserMemory());
        PipeBuffer pipe = engine2.Create()!;
        ProcessFiles owner = processes.Get(5);
        owner.Descriptors.Install(OpenFile.ForPipe(pipe, readEnd: true));
        owner.Descriptors.Install(OpenFile.ForPipe(pipe, readEnd: false));
        Assert.That(engine2.OpenPipes, Is.EqualTo(1));
        foreach (OpenFile released in processes.Exit(5))
            engine2.Released(released);
        Assert.That(engine2.OpenPipes, Is.Zero);
    }
}
