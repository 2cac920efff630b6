#include "domain/research/fields.hpp"

namespace aigc {

const std::vector<ResearchField>& research_fields() {
  static const std::vector<ResearchField> fields = {
      {"computer-vision", "Computer vision", "计算机视觉"},
      {"nlp", "Natural language processing", "自然语言处理"},
      {"speech", "Speech and audio", "语音与音频"},
      {"reinforcement-learning", "Reinforcement learning", "强化学习"},
      {"ml-theory", "Machine learning theory", "机器学习理论"},
      {"generative-ai", "Generative AI and large models", "生成式人工智能与大模型"},
      {"multimodal", "Multimodal learning", "多模态学习"},
      {"robotics", "Robotics and embodied AI", "机器人与具身智能"},
      {"knowledge", "Knowledge graphs and reasoning", "知识图谱与推理"},
      {"recommender-systems", "Recommender systems and search", "推荐系统与搜索"},
      {"ai-for-science", "AI for science", "科学智能"},
      {"healthcare", "AI in healthcare", "医疗人工智能"},
      {"ai-systems", "AI systems and hardware", "人工智能系统与硬件"},
      {"privacy-security", "Privacy and security", "隐私与安全"},
      {"ai-safety-ethics", "AI safety and ethics", "人工智能安全与伦理"},
      {"ai-standards", "AI standards", "人工智能标准"},
      {"ai-education", "AI education and talent", "人工智能教育与人才"},
  };
  return fields;
}

std::optional<int> research_field_number(const std::string& id) {
  const auto& fields = research_fields();
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (fields[i].id == id) return static_cast<int>(i) + 1;
  return std::nullopt;
}

const ResearchField* find_research_field(const std::string& id) {
  auto n = research_field_number(id);
  return n ? &research_fields()[static_cast<std::size_t>(*n - 1)] : nullptr;
}

}  // namespace aigc
