using Web3Auth.Siwe.Crypto;
using Web3Auth.Siwe.Tests.Ethereum;

namespace Web3Auth.Siwe.Tests.Crypto;

public class KeccakWalletVectorTests
{
    [Fact]
    public void Hashes_match_the_ethers_wallet_library_across_block_boundaries()
    {
        foreach (var vector in WalletVectors.Section("keccak"))
        {
            Assert.Equal(vector.Bytes("hash"), Keccak256.Hash(vector.Bytes("input")));
        }
    }
}
