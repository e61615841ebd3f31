using System;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Commands.Common.Net;

// What nc's relay needs from the system once the socket is connected (or,
// UDP listening, bound): the program binds it to Files.Poll, Files and
// Sockets; the tests to a script.
public interface INcPort
{
    // Waits until standard input (only when input is true) or the socket
    // can be read, or timeoutMs (-1: for ever) passes: > 0 something is
    // ready (an error or hang-up counts: the read says what), 0 timed
    // out, < 0 a status.
    int Wait(bool input, int timeoutMs, out bool inputReady, out bool socketReady);

    // Standard input: > 0 bytes, 0 end of input, < 0 a status.
    int ReadInput(Span<byte> into);

    // Standard output, all of it: >= 0, or a status.
    int WriteOutput(ReadOnlySpan<byte> data);

    // TCP: all of data. UDP: one datagram to address:port, or to the
    // connected peer when address and port are 0. >= 0, or a status.
    int Send(ReadOnlySpan<byte> data, uint address, int port);

    // TCP: > 0 bytes, 0 the peer closed. UDP: one datagram and its sender.
    // < 0 a status (SocketError.WouldBlock: nothing there after all).
    int Receive(Span<byte> into, out uint address, out int port);

    // TCP: no more data from us (FIN); the peer's data still comes.
    int ShutdownWrite();
}

// nc's two directions at once, standard input to the socket and the
// socket to standard output, over one wait on both:
// - end of standard input: TCP shuts down its write side and goes on
//   printing until the peer closes; UDP ends, or with an idle limit goes
//   on until nothing has come for that long;
// - the peer closes (TCP): status 0;
// - nothing moves for IdleMs (when > 0): status 0;
// - Echo: what comes is sent back (to its sender, UDP) instead of being
//   printed, and standard input is never read;
// - UDP input goes out one datagram per line (the newline included; a
//   last line without one, or a line longer than LineRoom, goes as it is);
// - ReplyToSender (UDP listening): the peer is whoever sent last, and
//   standard input is read only once someone has.
// A failure sets FailedCall ("recv", "send", "write", "poll") and
// FailedStatus and ends with status 1.
public sealed class NcRelay
{
    public const int LineRoom = 8192;

    private readonly INcPort _port;
    private readonly byte[] _received = new byte[65536];
    private readonly byte[] _input = new byte[LineRoom];
    private int _pending;
    private uint _peerAddress;
    private int _peerPort;

    public NcRelay(INcPort port) { _port = port; }

    public bool Udp;
    public bool Echo;
    public bool ReplyToSender;
    public int IdleMs;

    public string FailedCall { get; private set; } = "";
    public int FailedStatus { get; private set; }

    // A read of standard input failed (reported by the caller; the relay
    // takes it as the end of input).
    public int InputStatus { get; private set; }

    public int Run()
    {
        bool inputOpen = !Echo;
        bool peerKnown = !ReplyToSender;
        while (true)
        {
            if (Udp && !inputOpen && !Echo && IdleMs <= 0)
                return 0;
            bool wantInput = inputOpen && peerKnown;
            int ready = _port.Wait(wantInput, IdleMs > 0 ? IdleMs : -1, out bool inputReady, out bool socketReady);
            if (ready < 0)
                return Fail("poll", ready);
            if (ready == 0)
                return 0;
            if (socketReady)
            {
                int got = _port.Receive(_received, out uint from, out int fromPort);
                if (got < 0 && got != SocketError.WouldBlock)
                    return Fail("recv", got);
                if (got == 0 && !Udp)
                    return 0;
                if (got >= 0)
                {
                    if (ReplyToSender)
                    {
                        _peerAddress = from;
                        _peerPort = fromPort;
                        peerKnown = true;
                    }
                    var data = new ReadOnlySpan<byte>(_received, 0, got);
                    int status = Echo ? _port.Send(data, _peerAddress, _peerPort) : _port.WriteOutput(data);
                    if (status < 0)
                        return Fail(Echo ? "send" : "write", status);
                }
            }
            if (wantInput && inputReady)
            {
                int got = _port.ReadInput(new Span<byte>(_input, _pending, _input.Length - _pending));
                if (got <= 0)
                {
                    if (got < 0)
                        InputStatus = got;
                    inputOpen = false;
                    int status = Udp ? SendRest() : _port.ShutdownWrite();
                    if (status < 0)
                        return Fail(Udp ? "send" : "shutdown", status);
                    continue;
                }
                int sent = Udp ? SendLines(got) : _port.Send(new ReadOnlySpan<byte>(_input, 0, got), 0, 0);
                if (sent < 0)
                    return Fail("send", sent);
            }
        }
    }

    // The complete lines of what is pending plus got new bytes, each a
    // datagram; the rest waits for its newline (or goes if the room is full).
    private int SendLines(int got)
    {
        _pending += got;
        int start = 0;
        for (int i = 0; i < _pending; i++)
        {
            if (_input[i] != (byte)'\n')
                continue;
            int status = _port.Send(new ReadOnlySpan<byte>(_input, start, i + 1 - start), _peerAddress, _peerPort);
            if (status < 0)
                return status;
            start = i + 1;
        }
        int rest = _pending - start;
        if (rest == _input.Length)
            return SendRest();
        if (start > 0 && rest > 0)
            Array.Copy(_input, start, _input, 0, rest);
        _pending = rest;
        return 0;
    }

    private int SendRest()
    {
        if (_pending == 0)
            return 0;
        int status = _port.Send(new ReadOnlySpan<byte>(_input, 0, _pending), _peerAddress, _peerPort);
        _pending = 0;
        return status;
    }

    private int Fail(string call, int status)
    {
        FailedCall = call;
        FailedStatus = status;
        return 1;
    }
}
