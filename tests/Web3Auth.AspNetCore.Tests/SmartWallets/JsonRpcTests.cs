using System.Text;
using System.Text.Json.Nodes;
using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore.Tests.SmartWallets;

public class JsonRpcTests
{
    private static readonly EthereumAddress Wallet = EthereumAddress.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");

    private static string Json(byte[] utf8) => Encoding.UTF8.GetString(utf8);

    [Fact]
    public void Get_code_asks_for_the_lowercase_address_at_the_latest_block()
    {
        Assert.Equal(
            """{"jsonrpc":"2.0","id":7,"method":"eth_getCode","params":["0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed","latest"]}""",
            Json(JsonRpc.GetCodeRequest(7, Wallet)));
    }

    [Fact]
    public void A_call_sends_to_and_data_as_hex_at_the_latest_block()
    {
        Assert.Equal(
            """{"jsonrpc":"2.0","id":8,"method":"eth_call","params":[{"to":"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed","data":"0x1626ba7e00ff"},"latest"]}""",
            Json(JsonRpc.CallRequest(8, Wallet, [0x16, 0x26, 0xba, 0x7e, 0x00, 0xff])));
    }

    [Fact]
    public void A_deployless_call_has_no_to()
    {
        Assert.Equal(
            """{"jsonrpc":"2.0","id":9,"method":"eth_call","params":[{"data":"0x6080"},"latest"]}""",
            Json(JsonRpc.CallRequest(9, to: null, [0x60, 0x80])));
    }

    [Fact]
    public void Chain_id_has_empty_params()
    {
        Assert.Equal("""{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}""", Json(JsonRpc.ChainIdRequest(1)));
    }

    [Fact]
    public void A_result_to_this_request_is_read()
    {
        var response = JsonRpc.ParseResponse("""{"jsonrpc":"2.0","id":3,"result":"0x01"}"""u8, 3);

        Assert.Equal(JsonRpcResponseKind.Result, response.Kind);
        Assert.Equal("0x01", response.Value);
    }

    [Fact]
    public void An_error_is_read_with_its_code_and_message()
    {
        var response = JsonRpc.ParseResponse("""{"jsonrpc":"2.0","id":3,"error":{"code":3,"message":"execution reverted","data":"0x08c379a0"}}"""u8, 3);

        Assert.Equal(JsonRpcResponseKind.Error, response.Kind);
        Assert.Equal(3, response.ErrorCode);
        Assert.Equal("execution reverted", response.ErrorMessage);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"jsonrpc":"2.0","id":4,"result":"0x01"}""")] // another request's answer
    [InlineData("""{"jsonrpc":"2.0","id":"3","result":"0x01"}""")] // id of another type
    [InlineData("""{"jsonrpc":"2.0","result":"0x01"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":3}""")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"result":1}""")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"result":null}""")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"error":"boom"}""")]
    [InlineData("""{"id":3,"result":"0x01""")]
    public void Anything_else_is_malformed_and_never_throws(string body)
    {
        Assert.Equal(JsonRpcResponseKind.Malformed, JsonRpc.ParseResponse(Encoding.UTF8.GetBytes(body), 3).Kind);
    }

    [Fact]
    public void Deeply_nested_json_is_malformed_not_a_stack_overflow()
    {
        var body = """{"jsonrpc":"2.0","id":3,"result":""" + new string('[', 10_000) + new string(']', 10_000) + "}";

        Assert.Equal(JsonRpcResponseKind.Malformed, JsonRpc.ParseResponse(Encoding.UTF8.GetBytes(body), 3).Kind);
    }

    [Theory]
    [InlineData("0x", "")]
    [InlineData("0x00ff", "00ff")]
    [InlineData("0xABcd", "abcd")]
    public void Data_is_0x_and_an_even_number_of_hex_digits(string text, string expected)
    {
        Assert.True(JsonRpc.TryDecodeData(text, out var bytes));
        Assert.Equal(expected, Convert.ToHexStringLower(bytes));
    }

    [Theory]
    [InlineData("")]
    [InlineData("00ff")]
    [InlineData("0x0")]
    [InlineData("0xzz")]
    public void Other_data_is_refused(string text)
    {
        Assert.False(JsonRpc.TryDecodeData(text, out _));
    }

    [Theory]
    [InlineData("0x0", 0UL)]
    [InlineData("0x1", 1UL)]
    [InlineData("0x7a69", 31337UL)]
    [InlineData("0x2105", 8453UL)]
    [InlineData("0xffffffffffffffff", ulong.MaxValue)]
    public void A_quantity_is_hex_without_leading_zeros(string text, ulong expected)
    {
        Assert.True(JsonRpc.TryDecodeQuantity(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("0x")]
    [InlineData("0x01")]
    [InlineData("1")]
    [InlineData("0x10000000000000000")]
    [InlineData("0xg")]
    [InlineData("0x-1")]
    public void Other_quantities_are_refused(string text)
    {
        Assert.False(JsonRpc.TryDecodeQuantity(text, out _));
    }

    [Theory]
    [InlineData(3, "execution reverted: GS026", true)] // Geth and most providers
    [InlineData(-32000, "execution reverted", true)] // older Geth, no revert data
    [InlineData(-32603, "Error: VM Exception while processing transaction: reverted with reason string 'x'", true)] // Hardhat
    [InlineData(-32603, "Error: Transaction reverted without a reason string", true)] // Hardhat
    [InlineData(-32000, "header not found", false)]
    [InlineData(-32005, "rate limit exceeded", false)]
    [InlineData(-32603, "Internal error", false)]
    [InlineData(null, null, false)]
    public void Only_a_revert_is_the_contract_saying_no(int? code, string? message, bool isRevert)
    {
        Assert.Equal(isRevert, JsonRpc.IsRevert(code, message));
    }

    [Fact]
    public void The_fake_endpoint_speaks_the_same_shapes()
    {
        // Guards the test double: its answers go through the same parser as a real node's.
        var answer = FakeChainRpc.Accepts();
        answer["jsonrpc"] = "2.0";
        answer["id"] = 5;

        var response = JsonRpc.ParseResponse(Encoding.UTF8.GetBytes(answer.ToJsonString()), 5);

        Assert.True(JsonRpc.TryDecodeData(response.Value!, out var data));
        Assert.True(Erc1271.IsValidSignatureResult(data));
    }
}
