#include "shared/types/value.h"

#include <cmath>

#include "shared/types/text_io.h"

namespace sb::types {

Value Value::Array(Oid element_type, std::vector<Value> elements, Oid array_type) {
  auto array = std::make_shared<ArrayValue>();
  array->element_type = element_type;
  array->elements = std::move(elements);
  if (array_type == 0) array_type = ArrayTypeOf(element_type);
  return Value(array_type, std::shared_ptr<const ArrayValue>(std::move(array)));
}

bool Value::operator==(const Value& other) const {
  if (type_ != other.type_ || data_.index() != other.data_.index()) return false;
  switch (kind()) {
    case Kind::kNull:
      return true;
    case Kind::kFloat: {
      double a = GetFloat();
      double b = other.GetFloat();
      return a == b || (std::isnan(a) && std::isnan(b));
    }
    case Kind::kNumeric:
      return GetNumeric().Compare(other.GetNumeric()) == 0 &&
             GetNumeric().dscale() == other.GetNumeric().dscale();
    case Kind::kArray: {
      const ArrayValue& a = GetArray();
      const ArrayValue& b = other.GetArray();
      return a.element_type == b.element_type && a.elements == b.elements;
    }
    default:
      return data_ == other.data_;
  }
}

std::string Value::DebugString() const {
  const TypeInfo* info = FindType(type_);
  std::string type_name = info != nullptr ? std::string(info->name) : std::to_string(type_);
  if (IsNull()) return "NULL::" + type_name;
  FormatSettings settings;
  return type_name + ":'" + FormatText(*this, settings) + "'";
}

}  // namespace sb::types
