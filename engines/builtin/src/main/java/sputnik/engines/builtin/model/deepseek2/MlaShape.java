package sputnik.engines.builtin.model.deepseek2;

/**
 * The sizes of deepseek2's multi-head latent attention.
 *
 * @param qLora rank of the query's low-rank pair ({@code attention.q_lora_rank}); 0: a direct {@code attn_q}
 * @param kvLora rank of the compressed KV latent ({@code attention.kv_lora_rank}): what the cache keeps per position,
 *     with the rope part
 * @param nope per-head query/key values without position ({@code key_length_mla - rope.dimension_count})
 * @param rope per-head values rotated by RoPE ({@code rope.dimension_count}); the key's rope part is shared by all heads
 * @param value per-head value size after {@code attn_v_b} ({@code value_length_mla})
 */
public record MlaShape(int qLora, int kvLora, int nope, int rope, int value) {
    /** A head's query and key size in the model's terms (nope + rope), whose square root scales the scores. */
    public int keyLength() {
        return nope + rope;
    }

    /** The width of a cached position and of an absorbed query head: the latent, then the rope part. */
    public int latentRow() {
        return kvLora + rope;
    }
}
